import { measureGuidance, measureRescale } from './cfg.js';
import { measureConversions } from './conversions.js';
import { type MomentsResult, measureMoments } from './moments.js';
import { measureOrder, ORDER_SAMPLERS } from './order.js';
import { GAUSSIAN, TWO_CLASS_MIXTURE } from './problems.js';

export interface ValidationSizes {
  /** Samples per moments run (the figure: 50,000). */
  samples: number;
  /** Steps per moments run (100). */
  steps: number;
  orderSamples: number;
  orderSteps: number[];
  guidanceSamples: number;
  guidanceSteps: number;
  seed: number;
}

export const FULL_SIZES: ValidationSizes = {
  samples: 50_000,
  steps: 100,
  orderSamples: 2_000,
  orderSteps: [16, 32, 64, 128],
  guidanceSamples: 50_000,
  guidanceSteps: 100,
  seed: 0,
};

const worstOf = (results: Record<string, MomentsResult>) => ({
  mean_err: Math.max(...Object.values(results).map((result) => result.mean_err)),
  cov_err: Math.max(...Object.values(results).map((result) => result.cov_err)),
});

/**
 * Every measurement of `pnpm validate:samplers`, computed on problems with known answers (exact denoisers
 * for Gaussian data and a 2-class Gaussian mixture). Nothing here asserts: tests and readers compare.
 */
export async function validateSamplers(sizes: ValidationSizes = FULL_SIZES) {
  const started = performance.now();
  const moments = await measureMoments(GAUSSIAN, sizes.samples, sizes.steps, sizes.seed);
  const momentsMixture = await measureMoments(TWO_CLASS_MIXTURE, sizes.samples, sizes.steps, sizes.seed + 10);
  const orderByProcess = await measureOrder(sizes.orderSamples, sizes.orderSteps, sizes.seed + 20);
  const cfg = await measureGuidance(sizes.guidanceSamples, sizes.guidanceSteps, sizes.seed + 30);
  const rescale = await measureRescale(
    Math.min(sizes.guidanceSamples, 2_000),
    sizes.guidanceSteps,
    sizes.seed + 40,
  );
  const order = Object.fromEntries(
    Object.keys(ORDER_SAMPLERS).map((sampler) => [
      sampler,
      orderByProcess[`rf.${sampler}`]?.order ?? Number.NaN,
    ]),
  );
  return {
    sizes,
    moments,
    moments_mixture: momentsMixture,
    moments_worst: { gaussian: worstOf(moments), mixture: worstOf(momentsMixture) },
    order,
    order_by_process: Object.fromEntries(
      Object.entries(orderByProcess).map(([key, value]) => [key, value.order]),
    ),
    order_errors: orderByProcess,
    cfg,
    rescale_std_rel_err: rescale,
    conversions_max_abs_err: measureConversions(sizes.seed + 50),
    seconds: (performance.now() - started) / 1000,
  };
}

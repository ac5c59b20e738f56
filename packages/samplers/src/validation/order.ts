import { type NoiseProcess, processByName } from '@latentlab/schedules';
import { samplingLevels } from '../levels.js';
import { SAMPLERS } from '../registry.js';
import type { Sampler } from '../types.js';
import { uniPc } from '../unipc.js';
import { exactDenoiser } from './exact-denoiser.js';
import { exactFlow } from './exact-flow.js';
import { mixtureMoments } from './gaussian-data.js';
import { defaultSpacing, exactMarginal, VALIDATED_PROCESSES } from './moments.js';
import { GAUSSIAN } from './problems.js';

/**
 * The deterministic samplers whose convergence order is measured, with the order the method has: the
 * stochastic DPM-Solver++ samplers at η = 0; UniPC without diffusers' `lower_order_final` (which makes the
 * last step of a path first order: on a path that stops short of the data, as here, it caps the observed
 * order at 2).
 */
export const ORDER_SAMPLERS: Record<string, { sampler: Sampler; eta?: number }> = {
  euler: { sampler: SAMPLERS.euler },
  heun: { sampler: SAMPLERS.heun },
  heun_angle: { sampler: SAMPLERS.heun_angle },
  dpm_2: { sampler: SAMPLERS.dpm_2 },
  lms: { sampler: SAMPLERS.lms },
  dpmpp_2m: { sampler: SAMPLERS.dpmpp_2m },
  'dpmpp_2s_ancestral(η=0)': { sampler: SAMPLERS.dpmpp_2s_ancestral, eta: 0 },
  'dpmpp_3m_sde(η=0)': { sampler: SAMPLERS.dpmpp_3m_sde, eta: 0 },
  unipc: { sampler: uniPc(2, { lowerOrderFinal: false }) },
  unipc_3: { sampler: uniPc(3, { lowerOrderFinal: false }) },
};

/** Where the order runs stop: σ/α ≈ 0.05 for the [0, 1] processes, EDM's own σ_min. */
function orderEnd(process: NoiseProcess): number {
  return process.name === 'edm' ? process.tMin : process.timeAtLogSnr(-Math.log(0.05));
}

/** Least-squares slope of log(error) against log(steps), negated: the observed order of convergence. */
export function fittedOrder(steps: readonly number[], errors: readonly number[]): number {
  const xs = steps.map(Math.log);
  const ys = errors.map(Math.log);
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let numerator = 0;
  let denominator = 0;
  xs.forEach((x, i) => {
    numerator += (x - meanX) * (ys[i]! - meanY);
    denominator += (x - meanX) ** 2;
  });
  return -numerator / denominator;
}

export interface OrderResult {
  steps: number[];
  /** RMS distance to the exact ODE solution, relative to the data's RMS standard deviation. */
  errors: number[];
  order: number;
}

/**
 * Error against the exact probability-flow ODE solution (closed form for Gaussian data, `exactFlow`) for
 * each deterministic sampler, process and number of steps; the fitted slope is the observed order.
 */
export async function measureOrder(
  samples: number,
  stepCounts: readonly number[],
  seed: number,
): Promise<Record<string, OrderResult>> {
  const { mean, covariance } = mixtureMoments(GAUSSIAN);
  const d = mean.length;
  const scale = Math.sqrt(covariance.reduce((sum, row, i) => sum + row[i]!, 0) / d);
  const results: Record<string, OrderResult> = {};
  for (const processName of VALIDATED_PROCESSES) {
    if (processName.endsWith('-discrete')) continue; // piecewise interpolation in t: not a smooth ODE
    const process = processByName(processName);
    const model = exactDenoiser(process, 'velocity', () => GAUSSIAN);
    for (const [samplerName, { sampler, eta }] of Object.entries(ORDER_SAMPLERS)) {
      const errors: number[] = [];
      for (const steps of stepCounts) {
        // Integrate to a small positive noise level and compare there: the final jump to σ = 0 (x = x̂₀,
        // identical for every sampler) would otherwise dominate — on VP with uniform t its error is ∝ σ², ∝ 1/N.
        const levels = samplingLevels(process, {
          ...defaultSpacing(process, steps),
          tEnd: orderEnd(process),
        }).filter((level) => level.sigma > 0);
        const start = exactMarginal(GAUSSIAN, levels[0]!.alpha, levels[0]!.sigma, samples, seed);
        const output = await sampler({
          ...(eta === undefined ? {} : { eta }),
          process,
          model,
          target: 'velocity',
          condition: new Int32Array(samples),
          shape: [samples, d],
          levels,
          x: start,
        });
        const exact = exactFlow(Float64Array.from(start), mean, covariance, levels[0]!, levels.at(-1)!);
        let squares = 0;
        for (let k = 0; k < exact.length; k++) squares += (output[k]! - exact[k]!) ** 2;
        errors.push(Math.sqrt(squares / samples) / scale);
      }
      results[`${processName}.${samplerName}`] = {
        steps: [...stepCounts],
        errors,
        order: fittedOrder(stepCounts, errors),
      };
    }
  }
  return results;
}

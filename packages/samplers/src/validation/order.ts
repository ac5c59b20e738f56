import { processByName } from '@latentlab/schedules';
import { samplingLevels } from '../levels.js';
import { SAMPLERS } from '../registry.js';
import { exactDenoiser } from './exact-denoiser.js';
import { exactFlow } from './exact-flow.js';
import { mixtureMoments } from './gaussian-data.js';
import { defaultSpacing, exactMarginal, VALIDATED_PROCESSES } from './moments.js';
import { GAUSSIAN } from './problems.js';

export const ORDER_SAMPLERS = ['euler', 'heun', 'dpmpp_2m'] as const;

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
    const model = exactDenoiser(process, 'epsilon', () => GAUSSIAN);
    for (const samplerName of ORDER_SAMPLERS) {
      const errors: number[] = [];
      for (const steps of stepCounts) {
        const levels = samplingLevels(process, defaultSpacing(process, steps));
        const start = exactMarginal(GAUSSIAN, levels[0]!.alpha, levels[0]!.sigma, samples, seed);
        const output = await SAMPLERS[samplerName]({
          process,
          model,
          target: 'epsilon',
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

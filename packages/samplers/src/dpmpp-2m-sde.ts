import { sdeStep } from './dpmpp-sde-steps.js';
import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/** How the second-order correction of DPM-Solver++(2M) SDE is taken (k-diffusion's `solver_type`). */
export type SdeSolverType = 'midpoint' | 'heun';

/**
 * DPM-Solver++(2M) SDE (Lu et al. 2022, "DPM-Solver++", §5; k-diffusion's `sample_dpmpp_2m_sde`, η = 1 by
 * default): the first-order SDE step of `sdeStep`, plus, from the second step, a correction by the change
 * of x̂₀ with r = h_{i−1}/h_i and h_η = (1 + η)·h:
 *   midpoint: + α_{i+1}·(1 − e^{−h_η})/(2r)·(x̂₀_i − x̂₀_{i−1});
 *   heun:     + α_{i+1}·((1 − e^{−h_η})/(−h_η) + 1)/r·(x̂₀_i − x̂₀_{i−1}).
 * The last step to the data is x = x̂₀. The noise z is drawn i.i.d. per step (k-diffusion's default is a
 * Brownian tree: the same law for a fixed schedule, consistent across schedules). η = 0 with the midpoint
 * correction is DPM-Solver++(2M). One model call per step.
 */
export function dpmSolverPlusPlus2MSde(solverType: SdeSolverType = 'midpoint'): Sampler {
  const name = solverType === 'midpoint' ? 'dpmSolverPlusPlus2MSde' : 'dpmSolverPlusPlus2MSdeHeun';
  return async (options) => {
    validateOptions(options, name);
    const eta = options.eta ?? 1;
    if (eta > 0 && !options.rng) throw new Error(`${name}: needs options.rng for the injected noise`);
    const { levels } = options;
    let x: Float64Array = Float64Array.from(options.x);
    let previous: { x0: Float64Array; h: number } | undefined;
    for (let i = 0; i < levels.length - 1; i++) {
      const [current, next] = [levels[i]!, levels[i + 1]!];
      const { x0 } = await estimate(options, x, current);
      if (next.sigma === 0) {
        x = x0.map((value) => next.alpha * value);
        reportStep(options, i + 1, next, x, x0);
        continue;
      }
      const step = sdeStep(current, next, eta);
      let correction = 0;
      if (previous && Number.isFinite(previous.h) && Number.isFinite(step.h)) {
        const inverseRatio = step.h / previous.h; // 1/r
        const scaledH = (1 + eta) * step.h;
        correction =
          solverType === 'midpoint'
            ? 0.5 * step.gain * inverseRatio
            : (step.gain / -scaledH + 1) * inverseRatio;
      }
      const older = previous?.x0;
      const noise = step.noise > 0 ? options.rng!.normal(x.length) : undefined;
      x = x.map((value, k) => {
        const change = correction === 0 ? 0 : correction * (x0[k]! - older![k]!);
        const injected = noise ? next.sigma * step.noise * noise[k]! : 0;
        return step.keep * value + next.alpha * (step.gain * x0[k]! + change) + injected;
      });
      reportStep(options, i + 1, next, x, x0);
      previous = { x0, h: step.h };
    }
    return Float32Array.from(x);
  };
}

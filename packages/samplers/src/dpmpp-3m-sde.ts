import { sdeStep } from './dpmpp-sde-steps.js';
import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';

/**
 * DPM-Solver++(3M) SDE (Lu et al. 2022, "DPM-Solver++"; k-diffusion's `sample_dpmpp_3m_sde`, η = 1 by
 * default): the first-order SDE step of `sdeStep` plus the divided differences of the last three x̂₀, with
 * h_η = (1 + η)·h, r₀ = h_{i−1}/h_i, r₁ = h_{i−2}/h_i, φ₂ = (e^{−h_η} − 1)/h_η + 1, φ₃ = φ₂/h_η − 1/2:
 *   d₀ = (x̂₀_i − x̂₀_{i−1})/r₀,  d₁' = (x̂₀_{i−1} − x̂₀_{i−2})/r₁,
 *   D₁ = d₀ + (d₀ − d₁')·r₀/(r₀ + r₁),  D₂ = (d₀ − d₁')/(r₀ + r₁);
 *   x_{i+1} += α_{i+1}·(φ₂·D₁ − φ₃·D₂)   (second step: α_{i+1}·φ₂·d₀ only).
 * The last step to the data is x = x̂₀; a history entry whose step came from α = 0 (h = ∞) is not used. Noise
 * i.i.d. per step, as `dpmSolverPlusPlus2MSde`. One model call per step.
 */
export const dpmSolverPlusPlus3MSde: Sampler = async (options) => {
  validateOptions(options, 'dpmSolverPlusPlus3MSde');
  const eta = options.eta ?? 1;
  if (eta > 0 && !options.rng)
    throw new Error('dpmSolverPlusPlus3MSde: needs options.rng for the injected noise');
  const { levels } = options;
  let x: Float64Array = Float64Array.from(options.x);
  // Newest first: the x̂₀ of the last two steps and their h.
  const history: { x0: Float64Array; h: number }[] = [];
  for (let i = 0; i < levels.length - 1; i++) {
    const [current, next] = [levels[i]!, levels[i + 1]!];
    const { x0 } = await estimate(options, x, current);
    if (next.sigma === 0) {
      x = x0.map((value) => next.alpha * value);
      reportStep(options, i + 1, next, x, x0);
      continue;
    }
    const step = sdeStep(current, next, eta);
    const usable = Number.isFinite(step.h) ? history.findIndex((entry) => !Number.isFinite(entry.h)) : 0;
    const depth = usable === -1 ? history.length : usable;
    const scaledH = (1 + eta) * step.h;
    const phi2 = Math.expm1(-scaledH) / scaledH + 1;
    const phi3 = phi2 / scaledH - 0.5;
    const noise = step.noise > 0 ? options.rng!.normal(x.length) : undefined;
    const [one, two] = history;
    x = x.map((value, k) => {
      let change = 0;
      if (depth >= 2) {
        const [r0, r1] = [one!.h / step.h, two!.h / step.h];
        const d0 = (x0[k]! - one!.x0[k]!) / r0;
        const d1 = (one!.x0[k]! - two!.x0[k]!) / r1;
        const first = d0 + ((d0 - d1) * r0) / (r0 + r1);
        const second = (d0 - d1) / (r0 + r1);
        change = phi2 * first - phi3 * second;
      } else if (depth === 1) {
        change = (phi2 * (x0[k]! - one!.x0[k]!)) / (one!.h / step.h);
      }
      const injected = noise ? next.sigma * step.noise * noise[k]! : 0;
      return step.keep * value + next.alpha * (step.gain * x0[k]! + change) + injected;
    });
    reportStep(options, i + 1, next, x, x0);
    history.unshift({ x0, h: step.h });
    if (history.length > 2) history.pop();
  }
  return Float32Array.from(x);
};

import type { PredictionTarget } from '@latentlab/schedules';
import {
  declareParams,
  linear,
  type ModelFunction,
  type Ops,
  type ParamStore,
  type Params,
  type Rng,
  tensor,
} from '@latentlab/tensor';

/** σ_data of the toy data (a two-component mixture with per-axis std ≈ 1.04 and 0.3). */
export const TOY_SIGMA_DATA = 0.75;
const WIDTH = 64;
const FREQUENCIES = Float32Array.from({ length: 6 }, (_, k) => 2 ** k);

/**
 * A small MLP denoiser of 2-D points for the process × target tests: x (B, 2), t (B) → (B, 2).
 * For the `edm` process (t = σ up to σ_max) the input is scaled by c_in = 1/√(σ² + σ_d²), the time enters
 * as c_noise = ¼·ln σ and the output by the target's scale at σ (EDM's preconditioning idea, Karras et al.
 * 2022 Table 1, for any target), so the network sees unit-scale values at every noise level.
 */
export function toyDenoiser(process: string, target: PredictionTarget): ModelFunction {
  const isEdm = process === 'edm';
  return <T>(ops: Ops<T>, params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    const x = inputs['x']!;
    const t = ops.reshape(inputs['t']!, [-1, 1]); // (B, 1)
    const dataVariance = ops.scalar(TOY_SIGMA_DATA * TOY_SIGMA_DATA);
    const total = ops.add(ops.square(t), dataVariance); // (B, 1) σ² + σ_d² (EDM)
    const scaled = isEdm ? ops.div(x, ops.sqrt(total)) : x; // (B, 2)
    const time = isEdm ? ops.mul(ops.log(t), ops.scalar(0.25)) : t; // (B, 1)
    const angles = ops.mul(time, ops.constant(tensor(FREQUENCIES, [1, FREQUENCIES.length]))); // (B, F)
    let hidden = linear(
      ops,
      params,
      'input',
      ops.concat([scaled, ops.sin(angles), ops.cos(angles)], 1),
      WIDTH,
    ); // (B, W)
    for (let block = 0; block < 3; block++) {
      hidden = ops.add(hidden, linear(ops, params, `blocks.${block}`, ops.silu(hidden), WIDTH)); // (B, W)
    }
    const raw = linear(ops, params, 'output', ops.silu(hidden), 2); // (B, 2)
    if (!isEdm) return raw;
    return ops.mul(raw, edmTargetScale(ops, t, target)); // (B, 2)
  };
}

/** The standard deviation of each target for data of std σ_d under x = x₀ + σ·ε (α = 1, α' = 0, σ' = 1). */
function edmTargetScale<T>(ops: Ops<T>, sigma: T, target: PredictionTarget): T {
  switch (target) {
    case 'x0':
      return ops.scalar(TOY_SIGMA_DATA);
    case 'epsilon':
    case 'velocity':
      return ops.scalar(1);
    case 'v': // v = ε − σ·x₀
      return ops.sqrt(ops.add(ops.scalar(1), ops.mul(ops.square(sigma), ops.scalar(TOY_SIGMA_DATA ** 2))));
  }
}

/** Xavier-uniform weights, zero biases, from the model's declarations. */
export function initToyDenoiser(rng: Rng): ParamStore {
  const inputs = {
    x: { shape: ['batch', 2], dtype: 'float32' },
    t: { shape: ['batch'], dtype: 'float32' },
  } as const;
  return declareParams(toyDenoiser('rf', 'velocity'), inputs, rng);
}

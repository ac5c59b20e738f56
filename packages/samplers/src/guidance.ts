import type { Denoiser } from './types.js';

/**
 * How the guidance scale is read (both appear in the literature; the result is the same for matching values):
 * - 'uncond-plus-scale' (diffusers' `guidance_scale`, Stable Diffusion): p̂ = p_u + w·(p_c − p_u); w = 1 is
 *   no guidance, w = 0 is the unconditional model;
 * - 'one-plus-scale' (Ho & Salimans 2021, eq. 6): p̂ = (1 + w)·p_c − w·p_u; w = 0 is no guidance.
 * So 'one-plus-scale' with w equals 'uncond-plus-scale' with w + 1.
 */
export type GuidanceConvention = 'uncond-plus-scale' | 'one-plus-scale';

export interface GuidanceOptions<C> {
  scale: number;
  convention?: GuidanceConvention;
  /** The "null" condition the unconditional half of the batch gets (e.g. the extra null class). */
  unconditional: C;
  /** Stacks two conditions into the batched call's condition: first the conditional half, then the unconditional. */
  stack: (conditional: C, unconditional: C) => C;
  /**
   * Apply guidance only for t in [low, high] (Kynkäänniemi et al. 2024, "Applying Guidance in a Limited
   * Interval…"); elsewhere the conditional prediction is used alone, with one model call.
   */
  interval?: readonly [number, number];
  /**
   * Guidance rescale φ (Lin et al. 2024, "Common Diffusion Noise Schedules…", §3.4, eq. 15–16): the guided
   * prediction is rescaled to the per-sample standard deviation of the conditional one and mixed back,
   * p = φ·p̂·std(p_c)/std(p̂) + (1 − φ)·p̂. Applied to the model's own prediction target, as diffusers does.
   */
  rescale?: number;
}

/** The guidance weight w' in p̂ = p_u + w'·(p_c − p_u). */
export function guidanceWeight(scale: number, convention: GuidanceConvention = 'uncond-plus-scale'): number {
  return convention === 'one-plus-scale' ? 1 + scale : scale;
}

/** Combines conditional and unconditional predictions of B samples (each of `size / B` values). */
export function combineGuided(
  conditional: Float32Array,
  unconditional: Float32Array,
  weight: number,
  batch: number,
  rescale = 0,
): Float32Array {
  const guided = conditional.map((value, k) => unconditional[k]! + weight * (value - unconditional[k]!));
  if (rescale === 0) return guided;
  const perSample = guided.length / batch;
  for (let b = 0; b < batch; b++) {
    const from = b * perSample;
    const ratio =
      standardDeviation(conditional, from, perSample) / standardDeviation(guided, from, perSample);
    const factor = rescale * (Number.isFinite(ratio) ? ratio : 1) + (1 - rescale);
    for (let k = from; k < from + perSample; k++) guided[k] = guided[k]! * factor;
  }
  return guided;
}

/** Sample standard deviation over one sample's values (only ratios of two of them are used). */
function standardDeviation(values: Float32Array, from: number, count: number): number {
  let mean = 0;
  for (let k = from; k < from + count; k++) mean += values[k]!;
  mean /= count;
  let squares = 0;
  for (let k = from; k < from + count; k++) squares += (values[k]! - mean) ** 2;
  return Math.sqrt(squares / Math.max(1, count - 1));
}

/**
 * Wraps a conditional denoiser into a classifier-free-guided one (Ho & Salimans 2021): each evaluation
 * runs the conditional and unconditional halves in ONE batched model call of 2B samples
 * ([x; x], stack(c, ∅)) and combines them.
 */
export function withGuidance<C>(model: Denoiser<C>, guidance: GuidanceOptions<C>): Denoiser<C> {
  const weight = guidanceWeight(guidance.scale, guidance.convention);
  const [low, high] = guidance.interval ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return async ({ x, shape, t, condition }) => {
    if (t < low || t > high || weight === 1) return model({ x, shape, t, condition });
    const batch = shape[0] as number;
    const doubled = new Float32Array(2 * x.length);
    doubled.set(x);
    doubled.set(x, x.length);
    const prediction = await model({
      x: doubled,
      shape: [2 * batch, ...shape.slice(1)],
      t,
      condition: guidance.stack(condition, guidance.unconditional),
    });
    if (prediction.length !== doubled.length) {
      throw new RangeError(
        `guided model call returned ${prediction.length} values for ${doubled.length} inputs`,
      );
    }
    return combineGuided(
      prediction.subarray(0, x.length),
      prediction.subarray(x.length),
      weight,
      batch,
      guidance.rescale ?? 0,
    );
  };
}

/** `stack` for class labels: concatenates the label arrays. */
export function stackLabels(conditional: Int32Array, unconditional: Int32Array): Int32Array {
  const labels = new Int32Array(conditional.length + unconditional.length);
  labels.set(conditional);
  labels.set(unconditional, conditional.length);
  return labels;
}

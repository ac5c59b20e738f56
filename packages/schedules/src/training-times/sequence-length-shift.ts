export interface SequenceLengthShiftOptions {
  /** Token count at which μ = baseShift (FLUX: 256, i.e. 256×256 pixels with 16×16 latent patches). */
  baseTokens?: number;
  /** Token count at which μ = maxShift (FLUX: 4096, i.e. 1024×1024 pixels). */
  maxTokens?: number;
  /** μ at `baseTokens` (FLUX: 0.5). */
  baseShift?: number;
  /** μ at `maxTokens` (FLUX: 1.15). */
  maxShift?: number;
}

/**
 * The resolution-dependent shift of FLUX: μ is linear in the image token count through
 * (baseTokens, baseShift) and (maxTokens, maxShift), extrapolated linearly outside, and the shift is e^μ:
 *
 *   μ = baseShift + (maxShift − baseShift)·(tokens − baseTokens)/(maxTokens − baseTokens),   shift = e^μ.
 *
 * Convention from black-forest-labs/flux, src/flux/sampling.py (`get_lin_function(x1=256, y1=0.5, x2=4096,
 * y2=1.15)`, then `time_shift(mu, 1.0, t)`), the same as diffusers' `calculate_shift` (pipelines/flux) with
 * the FlowMatchEulerDiscreteScheduler defaults (base_image_seq_len 256, max_image_seq_len 4096, base_shift
 * 0.5, max_shift 1.15; `calculate_shift`'s own default max_shift is 1.16). Use the result with `shiftTime`.
 */
export function shiftForSequenceLength(
  tokens: number,
  { baseTokens = 256, maxTokens = 4096, baseShift = 0.5, maxShift = 1.15 }: SequenceLengthShiftOptions = {},
): number {
  if (!(tokens >= 0 && Number.isFinite(tokens))) {
    throw new RangeError(`shiftForSequenceLength: tokens = ${tokens}; expected a finite count ≥ 0`);
  }
  if (!(maxTokens !== baseTokens && Number.isFinite(maxTokens) && Number.isFinite(baseTokens))) {
    throw new RangeError(
      `shiftForSequenceLength: baseTokens = ${baseTokens}, maxTokens = ${maxTokens}; expected two different finite counts`,
    );
  }
  const slope = (maxShift - baseShift) / (maxTokens - baseTokens);
  const mu = baseShift + slope * (tokens - baseTokens);
  return Math.exp(mu);
}

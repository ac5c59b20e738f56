/**
 * Rescales a ᾱ table to zero terminal SNR (Lin, Liu, Li & Yang 2024, "Common Diffusion Noise Schedules and
 * Sample Steps are Flawed", §3.1 and Algorithm 1): √ᾱ is shifted so that its last entry is 0 and scaled so
 * that its first entry is unchanged,
 *
 *   √ᾱ'_n = (√ᾱ_n − √ᾱ_last) · √ᾱ_0 / (√ᾱ_0 − √ᾱ_last),   ᾱ'_n = (√ᾱ'_n)².
 *
 * The result has ᾱ'_last = 0 exactly (log-SNR −∞ at the last step, so the model sees pure noise there and
 * should predict v or velocity, not ε — Lin et al. §3.2) and ᾱ'_0 = ᾱ_0 exactly (the rounding of the
 * affine map at n = 0 is replaced by the input value).
 */
export function zeroTerminalSnr(alphasCumprod: ArrayLike<number>): Float64Array {
  const length = alphasCumprod.length;
  if (length < 2)
    throw new RangeError(`zeroTerminalSnr: the table has ${length} entries; expected at least 2`);
  const first = alphasCumprod[0]!;
  const last = alphasCumprod[length - 1]!;
  if (!(first <= 1 && last >= 0 && first > last)) {
    throw new RangeError(
      `zeroTerminalSnr: ᾱ_0 = ${first}, ᾱ_last = ${last}; expected 1 ≥ ᾱ_0 > ᾱ_last ≥ 0 (a decreasing table)`,
    );
  }
  const sqrtFirst = Math.sqrt(first);
  const sqrtLast = Math.sqrt(last);
  const scale = sqrtFirst / (sqrtFirst - sqrtLast);
  const rescaled = new Float64Array(length);
  for (let n = 0; n < length; n++) {
    const value = alphasCumprod[n]!;
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(`zeroTerminalSnr: ᾱ[${n}] = ${value}; expected a value in [0, 1]`);
    }
    const sqrtRescaled = (Math.sqrt(value) - sqrtLast) * scale;
    rescaled[n] = sqrtRescaled * sqrtRescaled;
  }
  rescaled[0] = first;
  rescaled[length - 1] = 0;
  return rescaled;
}

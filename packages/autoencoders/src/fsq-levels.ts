/**
 * Finite scalar quantization (Mentzer et al. 2023, "Finite Scalar Quantization: VQ-VAE Made Simple"): each
 * of the d channels of a code is bounded and rounded to one of L_i levels, so the codebook is the grid of
 * ∏ L_i points — nothing to learn, no codes to die. This file is the framework-free part: the grid, and
 * token index ↔ code both ways (the browser and the token models share it).
 */

/** Thrown for levels, codes or token indices that do not fit an FSQ grid. */
export class FsqError extends Error {
  override name = 'FsqError';
}

/** Checks `levels` (each an integer ≥ 2) and returns them; e.g. [8, 5, 5, 5] (1,000 codes), [8, 6, 5] (240). */
export function checkFsqLevels(levels: readonly number[]): readonly number[] {
  if (levels.length === 0 || !levels.every((level) => Number.isSafeInteger(level) && level >= 2)) {
    throw new FsqError(`FSQ levels [${levels.join(', ')}]: expected one integer ≥ 2 per code channel`);
  }
  return levels;
}

/** The number of codes: ∏ L_i. */
export function fsqCodebookSize(levels: readonly number[]): number {
  return checkFsqLevels(levels).reduce((product, level) => product * level, 1);
}

/** ⌊L/2⌋ per channel: a channel's integer levels are −⌊L/2⌋ … L − 1 − ⌊L/2⌋, divided by it into [−1, 1]. */
export function fsqHalfWidths(levels: readonly number[]): number[] {
  return checkFsqLevels(levels).map((level) => Math.floor(level / 2));
}

/** The place value of each channel's digit in a token index: 1, L_0, L_0·L_1, … (channel 0 varies fastest). */
export function fsqBasis(levels: readonly number[]): number[] {
  const basis: number[] = [];
  let place = 1;
  for (const level of checkFsqLevels(levels)) {
    basis.push(place);
    place *= level;
  }
  return basis;
}

/** The code (d values on the normalised grid) of token `index`. */
export function fsqIndexToCode(index: number, levels: readonly number[]): Float32Array {
  const size = fsqCodebookSize(levels);
  if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) {
    throw new FsqError(
      `FSQ token ${index}: expected an integer in 0…${size - 1} (levels [${levels.join(', ')}])`,
    );
  }
  const halfWidths = fsqHalfWidths(levels);
  return Float32Array.from(fsqBasis(levels), (place, channel) => {
    const digit = Math.floor(index / place) % levels[channel]!;
    return (digit - halfWidths[channel]!) / halfWidths[channel]!;
  });
}

/** The token index of a code on the grid (each value (digit − ⌊L/2⌋)/⌊L/2⌋). */
export function fsqCodeToIndex(code: ArrayLike<number>, levels: readonly number[]): number {
  const halfWidths = fsqHalfWidths(levels);
  if (code.length !== levels.length) {
    throw new FsqError(
      `FSQ code of ${code.length} values: expected ${levels.length} (levels [${levels.join(', ')}])`,
    );
  }
  const basis = fsqBasis(levels);
  let index = 0;
  for (let channel = 0; channel < levels.length; channel++) {
    const digit = Math.round(code[channel]! * halfWidths[channel]! + halfWidths[channel]!);
    if (!(digit >= 0 && digit < levels[channel]!)) {
      throw new FsqError(
        `FSQ code value ${code[channel]} in channel ${channel}: not on its ${levels[channel]}-level grid`,
      );
    }
    index += digit * basis[channel]!;
  }
  return index;
}

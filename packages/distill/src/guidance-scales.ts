import type { Rng } from '@latentlab/tensor';

/** The guidance scales a student learns, in diffusers' convention (1 = conditional only, no guidance). */
export interface GuidanceRange {
  /** Smallest scale drawn (default 1). */
  min: number;
  /** Largest scale drawn; equal to `min` for one fixed scale. */
  max: number;
}

/** Checks a range and draws B scales uniformly from it (Meng et al. 2023 §4.1: w ~ U[w_min, w_max]). */
export function drawGuidanceScales(range: GuidanceRange, rng: Rng, count: number): Float32Array {
  checkGuidanceRange(range);
  if (range.min === range.max) return new Float32Array(count).fill(range.min);
  const draws = rng.uniform(count);
  return draws.map((u) => range.min + (range.max - range.min) * u);
}

export function checkGuidanceRange(range: GuidanceRange, field = 'guidance'): void {
  const { min, max } = range;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && max >= min)) {
    throw new RangeError(`distill: ${field} range [${min}, ${max}]; expected finite scales 0 ≤ min ≤ max`);
  }
}

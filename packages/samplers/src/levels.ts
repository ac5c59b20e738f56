import { type NoiseLevel, type NoiseProcess, noiseLevel, shiftTime } from '@latentlab/schedules';

/**
 * How sampling times are spread over [tEnd, tStart]:
 * - 'linspace': evenly in t (no rounding);
 * - 'leading': t = k·⌊T/N⌋ + offset, k = N−1 … 0, for discrete (table) processes with T = tMax + 1 entries
 *   (DDIM, Song et al. 2021; diffusers' "leading");
 * - 'trailing': t = round(T − k·T/N) − 1, k = 0 … N−1: always starts at the last table entry
 *   (Lin et al. 2024, Table 2);
 * - 'karras': noise-to-signal ratios σ/α spaced by ρ (Karras et al. 2022, eq. 5), mapped back to t through
 *   the log-SNR.
 */
export type Spacing = 'linspace' | 'leading' | 'trailing' | 'karras';

export interface LevelOptions {
  /** Number of sampling steps (intervals between levels). */
  steps: number;
  spacing?: Spacing;
  /** Noisiest time to start from (default: the process's tMax). */
  tStart?: number;
  /** Cleanest time to reach before the final step to the data (default: the process's tMin). */
  tEnd?: number;
  /** Karras spacing exponent (default 7). */
  rho?: number;
  /** SD3 timestep shift applied to 'linspace' times on [0, 1] processes (Esser et al. 2024, §5.3.2). */
  shift?: number;
  /** Added to 'leading' times (diffusers' `steps_offset`; 1 for Stable Diffusion). */
  offset?: number;
}

/** The data itself: the level every sampling path ends at. */
const clean = (t: number): NoiseLevel => ({ t, alpha: 1, sigma: 0 });

/**
 * The path of noise levels a sampler walks, noisiest first: `steps + 1` levels, the last with σ = 0 (the
 * clean data). Where the spacing stops at a level with σ > 0 (EDM's σ_min, a DDPM table's first entry), the
 * last step goes from there to the clean data, as in Karras et al. 2022 (Alg. 1, σ_N = 0).
 */
export function samplingLevels(process: NoiseProcess, options: LevelOptions): NoiseLevel[] {
  const { steps, spacing = 'linspace' } = options;
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`samplingLevels: steps must be a positive integer, got ${steps}`);
  const tStart = options.tStart ?? process.tMax;
  const tEnd = options.tEnd ?? process.tMin;
  if (!(tStart > tEnd) || tStart > process.tMax || tEnd < process.tMin) {
    throw new RangeError(
      `samplingLevels: need ${process.tMin} ≤ tEnd < tStart ≤ ${process.tMax} for process '${process.name}', got tEnd ${tEnd}, tStart ${tStart}`,
    );
  }
  const withCleanEnd = (times: number[]): NoiseLevel[] => {
    const levels = times.map((t) => noiseLevel(process, t));
    const last = levels.at(-1) as NoiseLevel;
    if (last.sigma === 0) return levels;
    return [...levels, clean(last.t)];
  };
  switch (spacing) {
    case 'linspace': {
      // N + 1 times when the end is already clean, else N times and a final step to the data.
      const endIsClean = process.sigma(tEnd) === 0;
      const count = endIsClean ? steps + 1 : steps;
      // The ends exactly: a rounding error at tEnd would leave a tiny σ (or a negative t) behind.
      const times = Array.from({ length: count }, (_, i) =>
        i === 0 ? tStart : i === count - 1 ? tEnd : tStart + (tEnd - tStart) * (i / (count - 1)),
      );
      return withCleanEnd(
        options.shift === undefined ? times : times.map((t) => shiftTime(t, options.shift as number)),
      );
    }
    case 'leading':
    case 'trailing': {
      const tableSize = Math.round(process.tMax) + 1;
      if (steps > tableSize)
        throw new RangeError(`samplingLevels: ${steps} steps exceed the ${tableSize}-entry table`);
      const times =
        spacing === 'leading'
          ? Array.from(
              { length: steps },
              (_, k) => (steps - 1 - k) * Math.floor(tableSize / steps) + (options.offset ?? 0),
            )
          : Array.from({ length: steps }, (_, k) => Math.round(tableSize - (k * tableSize) / steps) - 1);
      return withCleanEnd(times.map((t) => Math.min(Math.max(t, process.tMin), process.tMax)));
    }
    case 'karras': {
      const ratioAt = (t: number) => process.sigma(t) / process.alpha(t);
      const [ratioMax, ratioMin] = [ratioAt(tStart), ratioAt(tEnd)];
      if (!Number.isFinite(ratioMax) || !(ratioMin > 0)) {
        throw new RangeError(
          `samplingLevels: karras spacing needs finite, positive σ/α at both ends; process '${process.name}' has ${ratioMax} at tStart ${tStart} and ${ratioMin} at tEnd ${tEnd} (choose tStart/tEnd inside the range)`,
        );
      }
      const rho = options.rho ?? 7;
      const ratios = karrasSigmas(ratioMin, ratioMax, steps, rho);
      const times = Array.from(ratios, (ratio, i) =>
        i === 0 ? tStart : i === steps - 1 ? tEnd : process.timeAtLogSnr(-Math.log(ratio)),
      );
      return withCleanEnd(times);
    }
    default:
      throw new RangeError(
        `samplingLevels: unknown spacing '${String(spacing)}'; expected linspace, leading, trailing or karras`,
      );
  }
}

/**
 * Karras et al. 2022, eq. 5: σ_i = (σ_max^{1/ρ} + i/(N−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ, i = 0 … N−1
 * (noisiest first, without the final σ_N = 0).
 */
export function karrasSigmas(sigmaMin: number, sigmaMax: number, count: number, rho = 7): Float64Array {
  const start = sigmaMax ** (1 / rho);
  const end = sigmaMin ** (1 / rho);
  return Float64Array.from({ length: count }, (_, i) =>
    count === 1 ? sigmaMax : (start + (i / (count - 1)) * (end - start)) ** rho,
  );
}

/** Samples at the first level: α·0 + σ·z, z ~ N(0, I) (the prior; exact at RF's t = 1). */
export function initialNoise(
  level: NoiseLevel,
  size: number,
  normal: (n: number) => Float32Array,
): Float32Array {
  const noise = normal(size);
  for (let i = 0; i < size; i++) noise[i] = (noise[i] as number) * level.sigma;
  return noise;
}

import type { NoiseProcess } from '@latentlab/schedules';

/**
 * The N + 1 times of an N-step path, noisiest first: t_i = t_max − (t_max − t_min)·i/N (the 'linspace'
 * spacing of the samplers; Salimans & Ho 2022 use t = i/N on their continuous-time process).
 */
export function linearTimeGrid(process: NoiseProcess, steps: number): Float64Array {
  if (!(Number.isSafeInteger(steps) && steps >= 1)) {
    throw new RangeError(`distill: ${steps} steps; expected a positive integer`);
  }
  const { tMin, tMax } = process;
  return Float64Array.from({ length: steps + 1 }, (_, i) =>
    i === steps ? tMin : tMax - ((tMax - tMin) * i) / steps,
  );
}

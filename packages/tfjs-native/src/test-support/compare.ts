import { tf } from '../tfjs.js';

/** Deterministic values in [-1, 1) (a 32-bit LCG), so every backend sees the same inputs. */
export function seededValues(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}

/** Runs `compute` with `backend` active and returns its output's values. */
export async function runOn(backend: string, compute: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(compute).dataSync() as Float32Array;
}

/** max |actual − expected| divided by max(1, max |expected|). */
export function relativeMaxDifference(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let difference = 0;
  let magnitude = 1;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i]! - expected[i]!));
    magnitude = Math.max(magnitude, Math.abs(expected[i]!));
  }
  return difference / magnitude;
}

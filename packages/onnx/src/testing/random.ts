import { type Tensor, tensor } from '@latentlab/tensor';

/** mulberry32: a tiny seeded generator, so test data is the same on every run. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform float32 values in [low, high). */
export function randomTensor(shape: readonly number[], seed: number, low = -1, high = 1): Tensor<'float32'> {
  const uniform = seededUniform(seed);
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tensor(
    Float32Array.from({ length: size }, () => low + (high - low) * uniform()),
    shape,
  );
}

/** Uniform int32 values in [low, high). */
export function randomIntTensor(
  shape: readonly number[],
  seed: number,
  low: number,
  high: number,
): Tensor<'int32'> {
  const uniform = seededUniform(seed);
  const size = shape.reduce((product, dim) => product * dim, 1);
  return tensor(
    Int32Array.from({ length: size }, () => low + Math.floor((high - low) * uniform())),
    shape,
    'int32',
  );
}

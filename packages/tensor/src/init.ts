import type { Rng } from './rng.js';
import { sizeOf, type Tensor, tensor } from './tensor.js';

/** N(0, std²) initialisation (DiT and GPT-2 use std 0.02 for embeddings). */
export function normalInit(rng: Rng, shape: readonly number[], std = 0.02): Tensor<'float32'> {
  const values = rng.normal(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * std;
  return tensor(values, shape);
}

/**
 * Glorot & Bengio 2010 uniform initialisation, U(−a, a) with a = √(6 / (fan_in + fan_out)), for a Linear
 * weight (out, in) or a conv weight (out, in, kH, kW) whose receptive field multiplies both fans.
 */
export function xavierUniform(rng: Rng, shape: readonly number[]): Tensor<'float32'> {
  const receptiveField = sizeOf(shape.slice(2));
  const fanOut = (shape[0] ?? 1) * receptiveField;
  const fanIn = (shape[1] ?? 1) * receptiveField;
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  const values = rng.uniform(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = (2 * (values[i] as number) - 1) * bound;
  return tensor(values, shape);
}

import type { Initializer } from './ops.js';
import type { Rng } from './rng.js';
import { ones, sizeOf, type Tensor, tensor, zeros } from './tensor.js';

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

/** U(−bound, bound); PyTorch's default bias initialisation is bound = 1/√fan_in. */
export function uniformInit(rng: Rng, shape: readonly number[], bound: number): Tensor<'float32'> {
  const values = rng.uniform(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = (2 * (values[i] as number) - 1) * bound;
  return tensor(values, shape);
}

/** Fan-in and fan-out given explicitly, e.g. a patch-embedding conv initialised as the Linear it is. */
export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** Glorot-uniform with explicit fans: U(−a, a), a = √(6 / (fan_in + fan_out)). */
function xavierUniformWithFans(
  rng: Rng,
  shape: readonly number[],
  { fanIn, fanOut }: Fans,
): Tensor<'float32'> {
  return uniformInit(rng, shape, Math.sqrt(6 / (fanIn + fanOut)));
}

/**
 * The initialisers a model declares its parameters with (`params.declare(name, shape, initializer)`).
 * Zeros and ones draw nothing from the generator; the others draw in declaration order.
 */
export const initializers = {
  zeros: (): Initializer => (_rng, shape) => zeros(shape),
  ones: (): Initializer => (_rng, shape) => ones(shape),
  /** N(0, std²) (DiT and GPT-2 use 0.02 for embeddings; PyTorch's nn.Embedding default is 1). */
  normal:
    (std = 0.02): Initializer =>
    (rng, shape) =>
      normalInit(rng, shape, std),
  /** U(−bound, bound). */
  uniform:
    (bound: number): Initializer =>
    (rng, shape) =>
      uniformInit(rng, shape, bound),
  /** Glorot & Bengio 2010: fans from the shape (Linear (out, in), conv (out, in, kH, kW)), or as given. */
  xavierUniform:
    (fans?: Fans): Initializer =>
    (rng, shape) =>
      fans ? xavierUniformWithFans(rng, shape, fans) : xavierUniform(rng, shape),
} as const;

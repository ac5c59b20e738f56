import type { Rng } from './rng.js';
import type { DType, Tensor } from './tensor.js';

/** Options of a (batched) matrix product. */
export interface MatmulOptions {
  /** Use the transpose of the last two axes of `a`. */
  transposeA?: boolean;
  /** Use the transpose of the last two axes of `b` (PyTorch Linear weights `(out, in)` need this). */
  transposeB?: boolean;
}

/** A pair of values for the two spatial axes (height, width), or one value for both. */
export type Pair = number | readonly [number, number];

export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding added on both sides of each spatial axis. */
  padding?: Pair;
  dilation?: Pair;
  /** Number of channel groups (1 = dense convolution; `channels` = depthwise). */
  groups?: number;
}

export interface ConvTranspose2dOptions {
  stride?: Pair;
  /** As PyTorch's ConvTranspose2d: removes `padding` rows/columns from each side of the full output. */
  padding?: Pair;
  /** Extra rows/columns added at the bottom/right of the output (PyTorch's `output_padding`). */
  outputPadding?: Pair;
}

export type GeluApproximation = 'tanh' | 'none';

/**
 * The op set every latentlab model is written against, once.
 *
 * `T` is the implementation's value type: an eager tfjs tensor (`@latentlab/tfjs`, trained with tfjs
 * autograd) or a symbolic value that records an ONNX node (`@latentlab/onnx`). A model is a plain function
 * of an `Ops<T>` and a `Params<T>`; exporting runs the same function with the ONNX implementation.
 *
 * Conventions shared by both implementations (the parity suite checks each):
 * - Tensors are row-major; images are NCHW; conv weights are OIHW (PyTorch layouts).
 * - Binary elementwise ops broadcast as NumPy does.
 * - Negative axes count from the end.
 * - The batch dimension of model inputs may be dynamic in an exported graph: `reshape` must then name it
 *   as `-1`, and `slice` must not cut it.
 */
export interface Ops<T> {
  /** 'tfjs', 'onnx', … : which implementation this is. */
  readonly kind: string;

  // ---- inspection --------------------------------------------------------------------------------
  /** Static shape. In a traced ONNX graph the batch dimension holds the example input's size. */
  shape(x: T): number[];
  dtype(x: T): DType;

  // ---- constants ---------------------------------------------------------------------------------
  /** A fixed tensor (not trained), e.g. a position-embedding table computed in closed form. */
  constant(value: Tensor): T;
  /** A scalar constant that broadcasts against anything. */
  scalar(value: number, dtype?: 'float32' | 'int32'): T;

  // ---- elementwise, binary (NumPy broadcasting) ------------------------------------------------------
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  pow(a: T, b: T): T;
  maximum(a: T, b: T): T;
  minimum(a: T, b: T): T;

  // ---- selection (NumPy broadcasting) -----------------------------------------------------------------
  /**
   * `a` where `condition` is nonzero, else `b` (numpy.where); the three operands broadcast together.
   * latentlab has no bool dtype: `condition` is int32 or float32 and read as "nonzero = true" (−0 is false,
   * NaN is true). The result has the dtype of `a` and `b` (float32 if either is). Differentiable in `a`
   * and `b`: the gradient flows to the picked branch only, summed over the axes that branch was broadcast
   * along; `condition` gets none.
   */
  where(condition: T, a: T, b: T): T;

  // ---- elementwise, unary ------------------------------------------------------------------------
  neg(x: T): T;
  abs(x: T): T;
  /**
   * Nearest integer, ties to even (ONNX Round, tf.round). Its gradient is 0: quantizers pass gradients
   * straight through with x + stopGradient(round(x) − x).
   */
  round(x: T): T;
  square(x: T): T;
  sqrt(x: T): T;
  exp(x: T): T;
  log(x: T): T;
  sin(x: T): T;
  cos(x: T): T;
  tanh(x: T): T;
  sigmoid(x: T): T;
  relu(x: T): T;
  /** x · sigmoid(x). */
  silu(x: T): T;
  /**
   * 'none': x · Φ(x) with the exact normal CDF (erf); 'tanh' (default, as DiT and GPT-2):
   * 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).
   */
  gelu(x: T, approximate?: GeluApproximation): T;
  cast(x: T, dtype: 'float32' | 'int32'): T;

  // ---- gradient control --------------------------------------------------------------------------
  /**
   * Identity in the forward pass, zero gradient in the backward pass (PyTorch's `detach`, JAX's
   * `lax.stop_gradient`): e.g. the straight-through estimator `z + stopGradient(q − z)` of VQ-VAE.
   * An exported graph only runs forward, so it records an Identity.
   */
  stopGradient(x: T): T;

  // ---- linear algebra ----------------------------------------------------------------------------
  /** (…, M, K) @ (…, K, N) → (…, M, N); leading (batch) axes broadcast. Both operands rank ≥ 2. */
  matmul(a: T, b: T, options?: MatmulOptions): T;

  // ---- reductions (default: all axes, keepDims false) ----------------------------------------------
  sum(x: T, axes?: number | readonly number[], keepDims?: boolean): T;
  mean(x: T, axes?: number | readonly number[], keepDims?: boolean): T;
  max(x: T, axes?: number | readonly number[], keepDims?: boolean): T;

  // ---- indices of extremes (one axis, removed; int32; not differentiable) -------------------------
  /**
   * Index of the largest element along one `axis` → int32, that axis removed (keepDims false). Ties
   * give the first (lowest) index. No gradient flows into `x`.
   */
  argmax(x: T, axis: number): T;
  /** Index of the smallest element along one `axis` → int32, that axis removed; ties → the first index. */
  argmin(x: T, axis: number): T;

  // ---- shape -------------------------------------------------------------------------------------
  /** At most one entry may be -1 (inferred); a dynamic batch dimension must be given as -1. */
  reshape(x: T, shape: readonly number[]): T;
  transpose(x: T, perm: readonly number[]): T;
  concat(xs: readonly T[], axis: number): T;
  /** Elements `start ≤ i < end` along one axis (negative values count from the end, as Python). */
  slice(x: T, axis: number, start: number, end: number): T;
  /** Rows of `x` along `axis` picked by int32 `indices`: output shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
  gather(x: T, indices: T, axis?: number): T;

  // ---- neural-network ops ------------------------------------------------------------------------
  /** x (N, C, H, W), weight (O, C/groups, kH, kW), bias (O) → (N, O, H', W'). */
  conv2d(x: T, weight: T, bias?: T, options?: Conv2dOptions): T;
  /** x (N, C, H, W), weight (C, O, kH, kW) as PyTorch's ConvTranspose2d, bias (O). */
  convTranspose2d(x: T, weight: T, bias?: T, options?: ConvTranspose2dOptions): T;
  /** Nearest-neighbour upsampling of (N, C, H, W) by an integer factor. */
  upsampleNearest2d(x: T, scale: number): T;
  /** Average pooling of (N, C, H, W), kernel = stride = `size`, no padding. */
  avgPool2d(x: T, size: number): T;
  /** Normalises over the last axis (biased variance, eps inside the square root); optional affine. */
  layerNorm(x: T, weight?: T, bias?: T, eps?: number): T;
  /** x (N, C, …): normalises each of `groups` channel groups over (C/groups, …); affine per channel. */
  groupNorm(x: T, groups: number, weight?: T, bias?: T, eps?: number): T;
  softmax(x: T, axis?: number): T;
  logSoftmax(x: T, axis?: number): T;
}

/** How a declared parameter is initialised: its values for `shape`, drawn from `rng` (see `initializers`). */
export type Initializer = (rng: Rng, shape: readonly number[]) => Tensor<'float32'>;

/** Named parameters as a model sees them, PyTorch-style dotted names (`blocks.0.attn.qkv.weight`). */
export interface Params<T> {
  /**
   * The parameter `name` of `shape`, declared where the model reads it, so that a parameter is written
   * once: `declareParams` runs the model and creates each declared parameter with `init` (drawing from its
   * generator in declaration order); otherwise the value comes from the store, and a stored value of
   * another shape is an error naming both shapes.
   */
  declare(name: string, shape: readonly number[], init: Initializer): T;
  /** A parameter the store must already hold (no shape check). */
  get(name: string): T;
  has(name: string): boolean;
}

/** Parameter values outside any framework: what checkpoints and ONNX initializers hold. */
export type ParamStore = Map<string, Tensor>;

/**
 * A model written once: called with tfjs ops it computes (and tfjs autograd differentiates); called with
 * ONNX ops it records the graph. Inputs and outputs are named.
 */
export type ModelFunction = <T>(
  ops: Ops<T>,
  params: Params<T>,
  inputs: Readonly<Record<string, T>>,
) => T | Readonly<Record<string, T>>;

/** Thrown when a stored parameter's shape differs from the one the model declares. */
export class ParameterShapeError extends Error {
  override name = 'ParameterShapeError';
  constructor(
    readonly parameter: string,
    readonly stored: readonly number[],
    readonly declared: readonly number[],
  ) {
    super(
      `parameter '${parameter}' is [${stored.join(', ')}] in the store but the model declares [${declared.join(', ')}]`,
    );
  }
}

/** Thrown when a model asks for a parameter the store does not have. */
export class MissingParameterError extends Error {
  override name = 'MissingParameterError';
  constructor(
    readonly parameter: string,
    available: Iterable<string>,
  ) {
    const names = [...available];
    const preview = names.slice(0, 8).join(', ') + (names.length > 8 ? ', …' : '');
    super(`parameter '${parameter}' is not in the store (it has ${names.length}: ${preview})`);
  }
}

/** Normalises an axis (possibly negative) for a tensor of `rank`; throws a RangeError naming the op. */
export function normalizeAxis(axis: number, rank: number, op = 'op'): number {
  const normalized = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || normalized < 0 || normalized >= rank) {
    throw new RangeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return normalized;
}

/** Normalises a reduction's `axes` argument to sorted non-negative axes (all axes when undefined). */
export function normalizeAxes(
  axes: number | readonly number[] | undefined,
  rank: number,
  op = 'op',
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const normalized = list.map((axis) => normalizeAxis(axis, rank, op));
  return [...new Set(normalized)].sort((a, b) => a - b);
}

export function pair(value: Pair | undefined, fallback: number): [number, number] {
  if (value === undefined) return [fallback, fallback];
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** NumPy broadcast of two static shapes; throws naming both shapes when they are incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op = 'op'): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

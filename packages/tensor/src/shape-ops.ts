import {
  broadcastShapes,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  type MatmulOptions,
  normalizeAxes,
  normalizeAxis,
  type Ops,
  pair,
} from './ops.js';
import type { DType, Tensor } from './tensor.js';

/** What ShapeOps computes with: a shape and a dtype, no values. */
export interface ShapeValue {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
}

const value = (shape: readonly number[], dtype: ShapeValue['dtype']): ShapeValue => ({
  shape: [...shape],
  dtype,
});
const floatIfAny = (...values: ShapeValue[]): ShapeValue['dtype'] =>
  values.some((candidate) => candidate.dtype === 'float32') ? 'float32' : 'int32';
const sizeOf = (shape: readonly number[]) => shape.reduce((product, dim) => product * dim, 1);
const describe = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * `Ops` that compute only shapes and dtypes: running a model with them costs no arithmetic, so it is how
 * `declareParams` initialises a model's parameters and `countDeclaredParams` counts them — one pass over
 * the model function itself, no second list of parameter shapes. The shape rules are those of the tfjs and
 * ONNX implementations (the parity suite checks every op's shape against tfjs).
 */
export class ShapeOps implements Ops<ShapeValue> {
  readonly kind = 'shape';

  shape = (x: ShapeValue): number[] => [...x.shape];
  dtype = (x: ShapeValue): DType => x.dtype;

  constant = (tensor: Tensor): ShapeValue =>
    value(tensor.shape, tensor.dtype === 'float32' ? 'float32' : 'int32');
  scalar = (_value: number, dtype: 'float32' | 'int32' = 'float32'): ShapeValue => value([], dtype);

  private binary(op: string, a: ShapeValue, b: ShapeValue): ShapeValue {
    return value(broadcastShapes(a.shape, b.shape, op), floatIfAny(a, b));
  }
  add = (a: ShapeValue, b: ShapeValue) => this.binary('add', a, b);
  sub = (a: ShapeValue, b: ShapeValue) => this.binary('sub', a, b);
  mul = (a: ShapeValue, b: ShapeValue) => this.binary('mul', a, b);
  div = (a: ShapeValue, b: ShapeValue) => this.binary('div', a, b);
  pow = (a: ShapeValue, b: ShapeValue) => this.binary('pow', a, b);
  maximum = (a: ShapeValue, b: ShapeValue) => this.binary('maximum', a, b);
  minimum = (a: ShapeValue, b: ShapeValue) => this.binary('minimum', a, b);

  where = (condition: ShapeValue, a: ShapeValue, b: ShapeValue): ShapeValue =>
    value(
      broadcastShapes(broadcastShapes(condition.shape, a.shape, 'where'), b.shape, 'where'),
      floatIfAny(a, b),
    );

  private same = (x: ShapeValue): ShapeValue => value(x.shape, x.dtype);
  private float = (x: ShapeValue): ShapeValue => value(x.shape, 'float32');
  neg = this.same;
  abs = this.same;
  round = this.same;
  square = this.same;
  relu = this.same;
  sqrt = this.float;
  exp = this.float;
  log = this.float;
  sin = this.float;
  cos = this.float;
  tanh = this.float;
  sigmoid = this.float;
  silu = this.float;
  gelu = (x: ShapeValue): ShapeValue => this.float(x);
  cast = (x: ShapeValue, dtype: 'float32' | 'int32'): ShapeValue => value(x.shape, dtype);
  stopGradient = this.same;

  matmul(a: ShapeValue, b: ShapeValue, options: MatmulOptions = {}): ShapeValue {
    if (a.shape.length < 2 || b.shape.length < 2) {
      throw new RangeError(
        `matmul: operands need rank ≥ 2, got ${describe(a.shape)} and ${describe(b.shape)}`,
      );
    }
    const [rowsA, colsA] = a.shape.slice(-2) as [number, number];
    const [rowsB, colsB] = b.shape.slice(-2) as [number, number];
    const [m, innerA] = options.transposeA ? [colsA, rowsA] : [rowsA, colsA];
    const [innerB, n] = options.transposeB ? [colsB, rowsB] : [rowsB, colsB];
    if (innerA !== innerB) {
      throw new RangeError(
        `matmul: inner dimensions differ (${innerA} vs ${innerB}) for ${describe(a.shape)} and ${describe(b.shape)}`,
      );
    }
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
    return value([...batch, m, n], floatIfAny(a, b));
  }

  private reduce(op: string, x: ShapeValue, axes?: number | readonly number[], keepDims = false): ShapeValue {
    const reduced = new Set(normalizeAxes(axes, x.shape.length, op));
    const shape = x.shape.flatMap((dim, axis) => (reduced.has(axis) ? (keepDims ? [1] : []) : [dim]));
    return value(shape, op === 'mean' ? 'float32' : x.dtype);
  }
  sum = (x: ShapeValue, axes?: number | readonly number[], keepDims?: boolean) =>
    this.reduce('sum', x, axes, keepDims);
  mean = (x: ShapeValue, axes?: number | readonly number[], keepDims?: boolean) =>
    this.reduce('mean', x, axes, keepDims);
  max = (x: ShapeValue, axes?: number | readonly number[], keepDims?: boolean) =>
    this.reduce('max', x, axes, keepDims);
  argmax = (x: ShapeValue, axis: number): ShapeValue => value(this.reduce('argmax', x, axis).shape, 'int32');
  argmin = (x: ShapeValue, axis: number): ShapeValue => value(this.reduce('argmin', x, axis).shape, 'int32');

  reshape(x: ShapeValue, shape: readonly number[]): ShapeValue {
    const inferred = shape.filter((dim) => dim === -1).length;
    const known = sizeOf(shape.filter((dim) => dim !== -1));
    const total = sizeOf(x.shape);
    if (inferred > 1 || shape.some((dim) => dim < -1 || !Number.isInteger(dim))) {
      throw new RangeError(`reshape: ${describe(shape)} may hold at most one -1 and otherwise sizes ≥ 0`);
    }
    const filled = shape.map((dim) => (dim === -1 ? total / known : dim));
    if (sizeOf(filled) !== total || !filled.every(Number.isInteger)) {
      throw new RangeError(
        `reshape: cannot reshape ${describe(x.shape)} (${total} elements) to ${describe(shape)}`,
      );
    }
    return value(filled, x.dtype);
  }

  transpose(x: ShapeValue, perm: readonly number[]): ShapeValue {
    const sorted = [...perm].sort((left, right) => left - right);
    if (perm.length !== x.shape.length || sorted.some((axis, index) => axis !== index)) {
      throw new RangeError(`transpose: ${describe(perm)} is not a permutation of the ${x.shape.length} axes`);
    }
    return value(
      perm.map((axis) => x.shape[axis]!),
      x.dtype,
    );
  }

  concat(xs: readonly ShapeValue[], axis: number): ShapeValue {
    const first = xs[0];
    if (!first) throw new RangeError('concat: needs at least one tensor');
    const along = normalizeAxis(axis, first.shape.length, 'concat');
    for (const other of xs) {
      const matches =
        other.shape.length === first.shape.length &&
        other.shape.every((dim, index) => index === along || dim === first.shape[index]);
      if (!matches) {
        throw new RangeError(
          `concat: ${describe(other.shape)} does not fit ${describe(first.shape)} along axis ${axis}`,
        );
      }
    }
    const shape = [...first.shape];
    shape[along] = xs.reduce((total, other) => total + other.shape[along]!, 0);
    return value(shape, first.dtype);
  }

  slice(x: ShapeValue, axis: number, start: number, end: number): ShapeValue {
    const along = normalizeAxis(axis, x.shape.length, 'slice');
    const length = x.shape[along]!;
    const clampIndex = (index: number) => Math.min(length, Math.max(0, index < 0 ? index + length : index));
    const shape = [...x.shape];
    shape[along] = Math.max(0, clampIndex(end) - clampIndex(start));
    return value(shape, x.dtype);
  }

  gather(x: ShapeValue, indices: ShapeValue, axis = 0): ShapeValue {
    const along = normalizeAxis(axis, x.shape.length, 'gather');
    if (indices.dtype !== 'int32') throw new TypeError(`gather: indices must be int32, got ${indices.dtype}`);
    return value([...x.shape.slice(0, along), ...indices.shape, ...x.shape.slice(along + 1)], x.dtype);
  }

  conv2d(x: ShapeValue, weight: ShapeValue, _bias?: ShapeValue, options: Conv2dOptions = {}): ShapeValue {
    const [batch, channels, height, width] = this.image('conv2d', x);
    const [out, perGroup, kernelH, kernelW] = weight.shape as [number, number, number, number];
    const groups = options.groups ?? 1;
    if (weight.shape.length !== 4 || perGroup * groups !== channels) {
      throw new RangeError(
        `conv2d: weight ${describe(weight.shape)} does not fit ${channels} input channels in ${groups} group(s)`,
      );
    }
    const [strideH, strideW] = pair(options.stride, 1);
    const [padH, padW] = pair(options.padding, 0);
    const [dilationH, dilationW] = pair(options.dilation, 1);
    const outH = Math.floor((height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH) + 1;
    const outW = Math.floor((width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW) + 1;
    return value([batch, out, outH, outW], 'float32');
  }

  convTranspose2d(
    x: ShapeValue,
    weight: ShapeValue,
    _bias?: ShapeValue,
    options: ConvTranspose2dOptions = {},
  ): ShapeValue {
    const [batch, channels, height, width] = this.image('convTranspose2d', x);
    const [inChannels, out, kernelH, kernelW] = weight.shape as [number, number, number, number];
    if (weight.shape.length !== 4 || inChannels !== channels) {
      throw new RangeError(
        `convTranspose2d: weight ${describe(weight.shape)} does not fit ${channels} input channels`,
      );
    }
    const [strideH, strideW] = pair(options.stride, 1);
    const [padH, padW] = pair(options.padding, 0);
    const [extraH, extraW] = pair(options.outputPadding, 0);
    return value(
      [
        batch,
        out,
        (height - 1) * strideH - 2 * padH + kernelH + extraH,
        (width - 1) * strideW - 2 * padW + kernelW + extraW,
      ],
      'float32',
    );
  }

  upsampleNearest2d(x: ShapeValue, scale: number): ShapeValue {
    const [batch, channels, height, width] = this.image('upsampleNearest2d', x);
    return value([batch, channels, height * scale, width * scale], x.dtype);
  }

  avgPool2d(x: ShapeValue, size: number): ShapeValue {
    const [batch, channels, height, width] = this.image('avgPool2d', x);
    return value([batch, channels, Math.floor(height / size), Math.floor(width / size)], 'float32');
  }

  layerNorm = (x: ShapeValue): ShapeValue => this.float(x);
  groupNorm = (x: ShapeValue): ShapeValue => this.float(x);
  softmax = (x: ShapeValue): ShapeValue => this.float(x);
  logSoftmax = (x: ShapeValue): ShapeValue => this.float(x);

  private image(op: string, x: ShapeValue): [number, number, number, number] {
    if (x.shape.length !== 4) throw new RangeError(`${op}: expected (N, C, H, W), got ${describe(x.shape)}`);
    return x.shape as [number, number, number, number];
  }
}

/** The shape-only ops, shared (they hold no state). */
export const shapeOps = new ShapeOps();

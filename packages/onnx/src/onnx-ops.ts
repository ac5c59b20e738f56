import type {
  Conv2dOptions,
  ConvTranspose2dOptions,
  DType,
  GeluApproximation,
  MatmulOptions,
  Ops,
  Tensor,
} from '@latentlab/tensor';
import type { GraphBuilder } from './graph-builder.js';
import type { OnnxValue } from './onnx-value.js';
import { argExtreme } from './ops/arg-extreme.js';
import { assertValue } from './ops/checks.js';
import { constantValue, scalarValue } from './ops/constants.js';
import { avgPool2d, conv2d, convTranspose2d, upsampleNearest2d } from './ops/convolution.js';
import { binary, cast, div, floatUnary, gelu, silu, square, unary } from './ops/elementwise.js';
import { matmul } from './ops/matmul.js';
import { groupNorm, layerNorm, softmax } from './ops/normalization.js';
import { reduce } from './ops/reduce.js';
import { concat, gather, reshape, slice, transpose } from './ops/shape-ops.js';
import { stopGradient } from './ops/stop-gradient.js';
import { where } from './ops/where.js';
import { UnsupportedOpError } from './unsupported-op-error.js';

type OpName = Exclude<keyof Ops<OnnxValue>, 'kind'>;

/** Every method of `Ops`, in the interface's order. The `satisfies` check fails when `Ops` grows. */
const OP_TABLE = {
  shape: true,
  dtype: true,
  constant: true,
  scalar: true,
  add: true,
  sub: true,
  mul: true,
  div: true,
  pow: true,
  maximum: true,
  minimum: true,
  where: true,
  neg: true,
  abs: true,
  round: true,
  square: true,
  sqrt: true,
  exp: true,
  log: true,
  sin: true,
  cos: true,
  tanh: true,
  sigmoid: true,
  relu: true,
  silu: true,
  gelu: true,
  cast: true,
  stopGradient: true,
  matmul: true,
  sum: true,
  mean: true,
  max: true,
  argmax: true,
  argmin: true,
  reshape: true,
  transpose: true,
  concat: true,
  slice: true,
  gather: true,
  conv2d: true,
  convTranspose2d: true,
  upsampleNearest2d: true,
  avgPool2d: true,
  layerNorm: true,
  groupNorm: true,
  softmax: true,
  logSoftmax: true,
} as const satisfies Record<OpName, true>;

/** The op names OnnxOps records (all of `Ops`). */
export const SUPPORTED_OPS: readonly string[] = Object.keys(OP_TABLE);

/** Property names that generic code probes on any object (promises, JSON, test matchers, inspectors). */
const PROTOCOL_PROPERTIES = new Set([
  'then',
  'toJSON',
  'constructor',
  'asymmetricMatch',
  'nodeType',
  '$$typeof',
  'inspect',
]);

/**
 * `Ops` on symbolic values: each call records ONNX nodes (opset 17) into a GraphBuilder instead of
 * computing. Running a model function with these ops is how a model is exported.
 *
 * The instance is wrapped in a Proxy: reading an op that `Ops` does not have (a model written against a
 * bigger op set) throws an UnsupportedOpError naming it, instead of "x is not a function"; ops come back
 * bound, so they may be destructured.
 */
export class OnnxOps implements Ops<OnnxValue> {
  readonly kind = 'onnx';

  constructor(private readonly graph: GraphBuilder) {
    // biome-ignore lint/correctness/noConstructorReturn: the guard must wrap every instance.
    return new Proxy(this, {
      get(target, property, receiver) {
        if (typeof property === 'string' && !(property in target) && !PROTOCOL_PROPERTIES.has(property)) {
          throw new UnsupportedOpError(
            property,
            `ONNX export: op '${property}' is not supported by @latentlab/onnx (supported: ${SUPPORTED_OPS.join(', ')})`,
          );
        }
        const value = Reflect.get(target, property, receiver);
        // Bound, so a model may destructure its ops (`const { add, mul } = ops`).
        return typeof value === 'function' && typeof property === 'string' && property in OP_TABLE
          ? value.bind(target)
          : value;
      },
    });
  }

  // ---- inspection -----------------------------------------------------------------------------------
  shape(x: OnnxValue): number[] {
    return [...assertValue(this.graph, x, 'shape', 'x').shape];
  }

  dtype(x: OnnxValue): DType {
    return assertValue(this.graph, x, 'dtype', 'x').dtype;
  }

  // ---- constants ------------------------------------------------------------------------------------
  constant(value: Tensor): OnnxValue {
    return constantValue(this.graph, value);
  }

  scalar(value: number, dtype: 'float32' | 'int32' = 'float32'): OnnxValue {
    return scalarValue(this.graph, value, dtype);
  }

  // ---- elementwise, binary ------------------------------------------------------------------------------
  add(a: OnnxValue, b: OnnxValue): OnnxValue {
    return binary(this.graph, 'add', 'Add', a, b);
  }
  sub(a: OnnxValue, b: OnnxValue): OnnxValue {
    return binary(this.graph, 'sub', 'Sub', a, b);
  }
  mul(a: OnnxValue, b: OnnxValue): OnnxValue {
    return binary(this.graph, 'mul', 'Mul', a, b);
  }
  div(a: OnnxValue, b: OnnxValue): OnnxValue {
    return div(this.graph, a, b);
  }
  pow(a: OnnxValue, b: OnnxValue): OnnxValue {
    return binary(this.graph, 'pow', 'Pow', a, b);
  }
  maximum(a: OnnxValue, b: OnnxValue): OnnxValue {
    return binary(this.graph, 'maximum', 'Max', a, b);
  }
  minimum(a: OnnxValue, b: OnnxValue): OnnxValue {
    return binary(this.graph, 'minimum', 'Min', a, b);
  }

  // ---- selection ----------------------------------------------------------------------------------------
  where(condition: OnnxValue, a: OnnxValue, b: OnnxValue): OnnxValue {
    return where(this.graph, condition, a, b);
  }

  // ---- elementwise, unary -------------------------------------------------------------------------------
  neg(x: OnnxValue): OnnxValue {
    return unary(this.graph, 'neg', 'Neg', x);
  }
  abs(x: OnnxValue): OnnxValue {
    return unary(this.graph, 'abs', 'Abs', x);
  }
  round(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'round', 'Round', x);
  }
  square(x: OnnxValue): OnnxValue {
    return square(this.graph, x);
  }
  sqrt(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'sqrt', 'Sqrt', x);
  }
  exp(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'exp', 'Exp', x);
  }
  log(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'log', 'Log', x);
  }
  sin(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'sin', 'Sin', x);
  }
  cos(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'cos', 'Cos', x);
  }
  tanh(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'tanh', 'Tanh', x);
  }
  sigmoid(x: OnnxValue): OnnxValue {
    return floatUnary(this.graph, 'sigmoid', 'Sigmoid', x);
  }
  relu(x: OnnxValue): OnnxValue {
    return unary(this.graph, 'relu', 'Relu', x);
  }
  silu(x: OnnxValue): OnnxValue {
    return silu(this.graph, x);
  }
  gelu(x: OnnxValue, approximate?: GeluApproximation): OnnxValue {
    return gelu(this.graph, x, approximate);
  }
  cast(x: OnnxValue, dtype: 'float32' | 'int32'): OnnxValue {
    return cast(this.graph, x, dtype);
  }

  // ---- gradient control ---------------------------------------------------------------------------------
  stopGradient(x: OnnxValue): OnnxValue {
    return stopGradient(this.graph, x);
  }

  // ---- linear algebra -----------------------------------------------------------------------------------
  matmul(a: OnnxValue, b: OnnxValue, options?: MatmulOptions): OnnxValue {
    return matmul(this.graph, a, b, options);
  }

  // ---- reductions ---------------------------------------------------------------------------------------
  sum(x: OnnxValue, axes?: number | readonly number[], keepDims?: boolean): OnnxValue {
    return reduce(this.graph, 'sum', x, axes, keepDims);
  }
  mean(x: OnnxValue, axes?: number | readonly number[], keepDims?: boolean): OnnxValue {
    return reduce(this.graph, 'mean', x, axes, keepDims);
  }
  max(x: OnnxValue, axes?: number | readonly number[], keepDims?: boolean): OnnxValue {
    return reduce(this.graph, 'max', x, axes, keepDims);
  }

  // ---- indices of extremes ------------------------------------------------------------------------------
  argmax(x: OnnxValue, axis: number): OnnxValue {
    return argExtreme(this.graph, 'argmax', x, axis);
  }
  argmin(x: OnnxValue, axis: number): OnnxValue {
    return argExtreme(this.graph, 'argmin', x, axis);
  }

  // ---- shape --------------------------------------------------------------------------------------------
  reshape(x: OnnxValue, shape: readonly number[]): OnnxValue {
    return reshape(this.graph, x, shape);
  }
  transpose(x: OnnxValue, perm: readonly number[]): OnnxValue {
    return transpose(this.graph, x, perm);
  }
  concat(xs: readonly OnnxValue[], axis: number): OnnxValue {
    return concat(this.graph, xs, axis);
  }
  slice(x: OnnxValue, axis: number, start: number, end: number): OnnxValue {
    return slice(this.graph, x, axis, start, end);
  }
  gather(x: OnnxValue, indices: OnnxValue, axis?: number): OnnxValue {
    return gather(this.graph, x, indices, axis);
  }

  // ---- neural-network ops -------------------------------------------------------------------------------
  conv2d(x: OnnxValue, weight: OnnxValue, bias?: OnnxValue, options?: Conv2dOptions): OnnxValue {
    return conv2d(this.graph, x, weight, bias, options);
  }
  convTranspose2d(
    x: OnnxValue,
    weight: OnnxValue,
    bias?: OnnxValue,
    options?: ConvTranspose2dOptions,
  ): OnnxValue {
    return convTranspose2d(this.graph, x, weight, bias, options);
  }
  upsampleNearest2d(x: OnnxValue, scale: number): OnnxValue {
    return upsampleNearest2d(this.graph, x, scale);
  }
  avgPool2d(x: OnnxValue, size: number): OnnxValue {
    return avgPool2d(this.graph, x, size);
  }
  layerNorm(x: OnnxValue, weight?: OnnxValue, bias?: OnnxValue, eps?: number): OnnxValue {
    return layerNorm(this.graph, x, weight, bias, eps);
  }
  groupNorm(x: OnnxValue, groups: number, weight?: OnnxValue, bias?: OnnxValue, eps?: number): OnnxValue {
    return groupNorm(this.graph, x, groups, weight, bias, eps);
  }
  softmax(x: OnnxValue, axis?: number): OnnxValue {
    return softmax(this.graph, 'softmax', x, axis);
  }
  logSoftmax(x: OnnxValue, axis?: number): OnnxValue {
    return softmax(this.graph, 'logSoftmax', x, axis);
  }
}

import { type ModelFunction, type Tensor, tensor } from '@latentlab/tensor';
import { randomIntTensor, randomTensor } from './random.js';
import {
  argExtremeReference,
  avgPoolReference,
  broadcastBinary,
  concatReference,
  conv2dReference,
  convTranspose2dReference,
  gatherReference,
  geluExactReference,
  geluTanhReference,
  groupNormReference,
  layerNormReference,
  mapUnary,
  matmulReference,
  reduceReference,
  sliceReference,
  softmaxReference,
  transposeReference,
  upsampleNearestReference,
  whereReference,
} from './reference.js';

/**
 * One op exercised as a tiny model: `inputs` become graph inputs (static shapes), `params` initializers,
 * and the exported graph's output must match `expected()` (the plain-JS reference) within `tolerance`.
 */
export interface OpCase {
  readonly name: string;
  readonly model: ModelFunction;
  readonly inputs: Readonly<Record<string, Tensor>>;
  readonly params?: Readonly<Record<string, Tensor>>;
  readonly expected: () => Tensor;
  /** Absolute + relative tolerance (default 1e-5). */
  readonly tolerance?: number;
}

const x234 = randomTensor([2, 3, 4], 1);
const y234 = randomTensor([2, 3, 4], 2);
const row4 = randomTensor([4], 3);
const col31 = randomTensor([3, 1], 4);
const positive234 = randomTensor([2, 3, 4], 5, 0.1, 3);
const ints = randomIntTensor([2, 3], 6, -20, 20);
const otherInts = randomIntTensor([3], 7, -5, 5);
const image = randomTensor([2, 4, 6, 6], 8);

function binaryCase(
  name: string,
  op: 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum',
  a: Tensor,
  b: Tensor,
  fn: (x: number, y: number) => number,
  dtype: 'float32' | 'int32' = 'float32',
): OpCase {
  return {
    name: `${op}: ${name}`,
    model: (ops, _params, { a: left, b: right }) => ops[op](left!, right!),
    inputs: { a, b },
    expected: () => broadcastBinary(a, b, fn, dtype),
  };
}

type UnaryOp =
  | 'neg'
  | 'abs'
  | 'square'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'silu';

function unaryCase(
  op: UnaryOp,
  x: Tensor,
  fn: (value: number) => number,
  dtype: 'float32' | 'int32' = 'float32',
): OpCase {
  return {
    name: `${op}: ${x.dtype} [${x.shape.join(', ')}]`,
    model: (ops, _params, inputs) => ops[op](inputs['x']!),
    inputs: { x },
    expected: () => mapUnary(x, fn, dtype),
  };
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

export const ELEMENTWISE_CASES: OpCase[] = [
  {
    name: 'constant: returned as the output (Identity)',
    model: (ops) => ops.constant(tensor([1, 2, 3, 4], [2, 2])),
    inputs: {},
    expected: () => tensor([1, 2, 3, 4], [2, 2]),
  },
  {
    name: 'constant: uint8 table cast to float32',
    model: (ops, _params, { x }) =>
      ops.add(x!, ops.cast(ops.constant(tensor([0, 128, 255], [3], 'uint8')), 'float32')),
    inputs: { x: randomTensor([2, 3], 9) },
    expected: () => broadcastBinary(randomTensor([2, 3], 9), tensor([0, 128, 255], [3]), (a, b) => a + b),
  },
  {
    name: 'scalar: float32 broadcast',
    model: (ops, _params, { x }) => ops.mul(x!, ops.scalar(-2.5)),
    inputs: { x: x234 },
    expected: () => mapUnary(x234, (value) => value * -2.5),
  },
  {
    name: 'scalar: int32',
    model: (ops, _params, { x }) => ops.add(x!, ops.scalar(7, 'int32')),
    inputs: { x: ints },
    expected: () => mapUnary(ints, (value) => value + 7, 'int32'),
  },
  binaryCase('same shape', 'add', x234, y234, (a, b) => a + b),
  binaryCase('(2, 3, 4) + (4)', 'add', x234, row4, (a, b) => a + b),
  binaryCase('(3, 1) + (4) → (3, 4)', 'add', col31, row4, (a, b) => a + b),
  binaryCase('(2, 3, 4) − (3, 1)', 'sub', x234, col31, (a, b) => a - b),
  binaryCase('same shape', 'mul', x234, y234, (a, b) => a * b),
  binaryCase('by positive values', 'div', x234, positive234, (a, b) => a / b),
  binaryCase('positive base', 'pow', positive234, x234, (a, b) => a ** b),
  binaryCase('broadcast', 'maximum', x234, row4, Math.max),
  binaryCase('broadcast', 'minimum', x234, col31, Math.min),
  binaryCase('int32 (2, 3) + (3)', 'add', ints, otherInts, (a, b) => a + b, 'int32'),
  binaryCase('int32 (2, 3) · (3)', 'mul', ints, otherInts, (a, b) => a * b, 'int32'),
  binaryCase(
    'int32 floors, as tfjs',
    'div',
    tensor([7, -7, 7, -7, 6, -6, 0, 1], [8], 'int32'),
    tensor([2, 2, -2, -2, 3, 4, 5, -3], [8], 'int32'),
    (a, b) => Math.floor(a / b),
    'int32',
  ),
  binaryCase('int32 / float32 → float32', 'div', ints, tensor([2, -4, 0.5], [3]), (a, b) => a / b),
  binaryCase('int32 maximum', 'maximum', ints, otherInts, Math.max, 'int32'),
  binaryCase('int32 · float32 → float32', 'mul', ints, randomTensor([3], 10), (a, b) => a * b),
  unaryCase('neg', x234, (value) => -value),
  unaryCase('neg', ints, (value) => -value, 'int32'),
  unaryCase('abs', x234, Math.abs),
  unaryCase('abs', ints, Math.abs, 'int32'),
  unaryCase('square', x234, (value) => value * value),
  unaryCase('square', ints, (value) => value * value, 'int32'),
  unaryCase('sqrt', positive234, Math.sqrt),
  unaryCase('sqrt', tensor([0, 1, 4, 9], [4], 'int32'), Math.sqrt),
  unaryCase('exp', x234, Math.exp),
  unaryCase('log', positive234, Math.log),
  unaryCase('sin', randomTensor([5, 3], 11, -6, 6), Math.sin),
  unaryCase('cos', randomTensor([5, 3], 11, -6, 6), Math.cos),
  unaryCase('tanh', randomTensor([5, 3], 12, -4, 4), Math.tanh),
  unaryCase('sigmoid', randomTensor([5, 3], 12, -8, 8), sigmoid),
  unaryCase('relu', x234, (value) => Math.max(value, 0)),
  unaryCase('relu', ints, (value) => Math.max(value, 0), 'int32'),
  unaryCase('silu', randomTensor([5, 3], 13, -6, 6), (value) => value * sigmoid(value)),
  {
    name: "gelu: 'tanh' (default)",
    model: (ops, _params, { x }) => ops.gelu(x!),
    inputs: { x: randomTensor([4, 5], 14, -5, 5) },
    expected: () => mapUnary(randomTensor([4, 5], 14, -5, 5), geluTanhReference),
  },
  {
    name: "gelu: 'none' (erf)",
    model: (ops, _params, { x }) => ops.gelu(x!, 'none'),
    inputs: { x: randomTensor([4, 5], 15, -5, 5) },
    expected: () => mapUnary(randomTensor([4, 5], 15, -5, 5), geluExactReference),
  },
  {
    name: 'cast: float32 → int32 truncates toward zero',
    model: (ops, _params, { x }) => ops.cast(x!, 'int32'),
    inputs: { x: tensor([-2.7, -0.5, 0, 0.5, 2.7, 100.99], [6]) },
    expected: () => tensor([-2, 0, 0, 0, 2, 100], [6], 'int32'),
  },
  {
    name: 'cast: int32 → float32',
    model: (ops, _params, { x }) => ops.cast(x!, 'float32'),
    inputs: { x: ints },
    expected: () => mapUnary(ints, (value) => value),
  },
  {
    name: 'cast: to the same dtype',
    model: (ops, _params, { x }) => ops.cast(x!, 'float32'),
    inputs: { x: x234 },
    expected: () => x234,
  },
];

const a34 = randomTensor([3, 4], 20);
const b45 = randomTensor([4, 5], 21);
const batchA = randomTensor([2, 1, 3, 4], 22);
const batchB = randomTensor([5, 4, 6], 23);

export const MATMUL_CASES: OpCase[] = [
  {
    name: 'matmul: (3, 4) @ (4, 5)',
    model: (ops, _params, { a, b }) => ops.matmul(a!, b!),
    inputs: { a: a34, b: b45 },
    expected: () => matmulReference(a34, b45),
  },
  {
    name: 'matmul: (2, 3, 4) @ (4, 5)',
    model: (ops, _params, { a, b }) => ops.matmul(a!, b!),
    inputs: { a: x234, b: b45 },
    expected: () => matmulReference(x234, b45),
  },
  {
    name: 'matmul: broadcast (2, 1, 3, 4) @ (5, 4, 6) → (2, 5, 3, 6)',
    model: (ops, _params, { a, b }) => ops.matmul(a!, b!),
    inputs: { a: batchA, b: batchB },
    expected: () => matmulReference(batchA, batchB),
  },
  {
    name: 'matmul: transposeA',
    model: (ops, _params, { a, b }) => ops.matmul(a!, b!, { transposeA: true }),
    inputs: { a: randomTensor([2, 4, 3], 24), b: b45 },
    expected: () => matmulReference(randomTensor([2, 4, 3], 24), b45, true),
  },
  {
    name: 'matmul: transposeB (Linear weight (out, in))',
    model: (ops, params, { a }) => ops.matmul(a!, params.get('weight'), { transposeB: true }),
    inputs: { a: x234 },
    params: { weight: randomTensor([5, 4], 25) },
    expected: () => matmulReference(x234, randomTensor([5, 4], 25), false, true),
  },
  {
    name: 'matmul: transposeA and transposeB',
    model: (ops, _params, { a, b }) => ops.matmul(a!, b!, { transposeA: true, transposeB: true }),
    inputs: { a: randomTensor([4, 3], 26), b: randomTensor([2, 5, 4], 27) },
    expected: () => matmulReference(randomTensor([4, 3], 26), randomTensor([2, 5, 4], 27), true, true),
  },
  {
    name: 'matmul: int32',
    model: (ops, _params, { a, b }) => ops.matmul(a!, b!),
    inputs: { a: randomIntTensor([2, 3], 28, -4, 4), b: randomIntTensor([3, 2], 29, -4, 4) },
    expected: () => {
      const product = matmulReference(randomIntTensor([2, 3], 28, -4, 4), randomIntTensor([3, 2], 29, -4, 4));
      return tensor(Int32Array.from(product.data), product.shape, 'int32');
    },
  },
];

const reduceInput = randomTensor([2, 3, 4], 30);

function reduceCase(
  kind: 'sum' | 'mean' | 'max',
  axes: number | number[] | undefined,
  keepDims: boolean,
  normalized: number[],
  x: Tensor = reduceInput,
): OpCase {
  return {
    name: `${kind}: axes ${JSON.stringify(axes)}${keepDims ? ', keepDims' : ''} of ${x.dtype} [${x.shape}]`,
    model: (ops, _params, inputs) => ops[kind](inputs['x']!, axes, keepDims),
    inputs: { x },
    expected: () => reduceReference(x, normalized, keepDims, kind),
  };
}

export const REDUCTION_CASES: OpCase[] = [
  reduceCase('sum', undefined, false, [0, 1, 2]),
  reduceCase('sum', -1, true, [2]),
  reduceCase('sum', [0, 2], false, [0, 2]),
  reduceCase('sum', [1], false, [1], randomIntTensor([2, 3, 4], 31, -9, 9)),
  reduceCase('mean', [1], true, [1]),
  reduceCase('mean', undefined, false, [0, 1, 2]),
  reduceCase('mean', [-1, 0], false, [0, 2]),
  reduceCase('mean', [2], false, [2], randomIntTensor([2, 3, 4], 33, -9, 9)),
  reduceCase('max', 0, false, [0]),
  reduceCase('max', undefined, true, [0, 1, 2]),
  reduceCase('max', [1, 2], false, [1, 2], randomIntTensor([2, 3, 4], 32, -9, 9)),
  {
    name: 'sum: empty axes list reduces nothing',
    model: (ops, _params, { x }) => ops.sum(x!, []),
    inputs: { x: reduceInput },
    expected: () => reduceInput,
  },
];

/** Repeated values on purpose: ties must give the first index. */
const tiedValues = tensor(
  [3, 1, 3, 0, -2, 5, 5, -2, 1, 1, 1, 1, 0, 4, -2, 4, 0, -2, 7, 7, 7, -9, -9, 7],
  [2, 3, 4],
);

function argExtremeCase(kind: 'argmax' | 'argmin', axis: number, x: Tensor = tiedValues): OpCase {
  return {
    name: `${kind}: axis ${axis} of ${x.dtype} [${x.shape}]`,
    model: (ops, _params, inputs) => ops[kind](inputs['x']!, axis),
    inputs: { x },
    expected: () => argExtremeReference(x, axis < 0 ? axis + x.shape.length : axis, kind),
  };
}

export const ARG_EXTREME_CASES: OpCase[] = [
  argExtremeCase('argmax', -1),
  argExtremeCase('argmax', 0),
  argExtremeCase('argmax', 1),
  argExtremeCase('argmin', -1),
  argExtremeCase('argmin', -2),
  argExtremeCase('argmax', 1, randomIntTensor([2, 5, 3], 35, -3, 3)),
  argExtremeCase('argmin', 2, randomTensor([2, 3, 5], 36)),
];

const conditionFloat = tensor([0, 1, -0, Number.NaN, -2.5, 0], [2, 3]);
const conditionInt = tensor([0, 3, -1, 0], [4], 'int32');
const conditionColumn = tensor([1, 0, 1], [3, 1], 'int32');
const intRow4 = tensor([1, 2, 3, 4], [4], 'int32');

export const SELECTION_CASES: OpCase[] = [
  {
    name: 'where: float32 condition (0, −0 false; NaN, nonzero true), same shapes',
    model: (ops, _params, { condition, a, b }) => ops.where(condition!, a!, b!),
    inputs: { condition: conditionFloat, a: randomTensor([2, 3], 50), b: randomTensor([2, 3], 51) },
    expected: () =>
      whereReference(conditionFloat, randomTensor([2, 3], 50), randomTensor([2, 3], 51), 'float32'),
  },
  {
    name: 'where: int32 condition (4) broadcast against a (2, 3, 4) and b (3, 1)',
    model: (ops, _params, { condition, a, b }) => ops.where(condition!, a!, b!),
    inputs: { condition: conditionInt, a: x234, b: col31 },
    expected: () => whereReference(conditionInt, x234, col31, 'float32'),
  },
  {
    name: 'where: condition (3, 1), a scalar, int32 b (4) → int32 (3, 4)',
    model: (ops, _params, { condition, b }) => ops.where(condition!, ops.scalar(-7, 'int32'), b!),
    inputs: { condition: conditionColumn, b: intRow4 },
    expected: () => whereReference(conditionColumn, tensor([-7], [], 'int32'), intRow4, 'int32'),
  },
  {
    name: 'where: int32 a and float32 b are computed in float32',
    model: (ops, _params, { condition, a, b }) => ops.where(condition!, a!, b!),
    inputs: { condition: conditionInt, a: intRow4, b: row4 },
    expected: () => whereReference(conditionInt, tensor([1, 2, 3, 4], [4]), row4, 'float32'),
  },
  {
    name: 'stopGradient: the forward value is unchanged (Identity)',
    model: (ops, _params, { x }) => ops.stopGradient(x!),
    inputs: { x: x234 },
    expected: () => x234,
  },
];

const gatherTable = randomTensor([5, 3], 40);
const gatherIndices = tensor([4, 0, 2, 2, 1, 3], [2, 3], 'int32');

export const SHAPE_CASES: OpCase[] = [
  {
    name: 'reshape: (2, 3, 4) → (6, -1)',
    model: (ops, _params, { x }) => ops.reshape(x!, [6, -1]),
    inputs: { x: x234 },
    expected: () => tensor(x234.data, [6, 4]),
  },
  {
    name: 'reshape: int32 to a scalar-free flat vector',
    model: (ops, _params, { x }) => ops.reshape(x!, [6]),
    inputs: { x: ints },
    expected: () => tensor(ints.data, [6], 'int32'),
  },
  {
    name: 'transpose: perm [2, 0, 1]',
    model: (ops, _params, { x }) => ops.transpose(x!, [2, 0, 1]),
    inputs: { x: x234 },
    expected: () => transposeReference(x234, [2, 0, 1]),
  },
  {
    name: 'transpose: negative axes [-1, -3, -2]',
    model: (ops, _params, { x }) => ops.transpose(x!, [-1, -3, -2]),
    inputs: { x: x234 },
    expected: () => transposeReference(x234, [2, 0, 1]),
  },
  {
    name: 'concat: three tensors on axis 1',
    model: (ops, _params, { a, b, c }) => ops.concat([a!, b!, c!], 1),
    inputs: { a: x234, b: randomTensor([2, 1, 4], 41), c: y234 },
    expected: () => concatReference([x234, randomTensor([2, 1, 4], 41), y234], 1),
  },
  {
    name: 'concat: axis -1',
    model: (ops, _params, { a, b }) => ops.concat([a!, b!], -1),
    inputs: { a: x234, b: y234 },
    expected: () => concatReference([x234, y234], 2),
  },
  {
    name: 'slice: axis 1, [1, 3)',
    model: (ops, _params, { x }) => ops.slice(x!, 1, 1, 3),
    inputs: { x: x234 },
    expected: () => sliceReference(x234, 1, 1, 3),
  },
  {
    name: 'slice: negative start, end past the axis',
    model: (ops, _params, { x }) => ops.slice(x!, -1, -3, 100),
    inputs: { x: x234 },
    expected: () => sliceReference(x234, 2, 1, 4),
  },
  {
    name: 'slice: negative end',
    model: (ops, _params, { x }) => ops.slice(x!, 2, 0, -1),
    inputs: { x: x234 },
    expected: () => sliceReference(x234, 2, 0, 3),
  },
  {
    name: 'slice: empty (start after end)',
    model: (ops, _params, { x }) => ops.slice(x!, 0, 2, 1),
    inputs: { x: x234 },
    expected: () => sliceReference(x234, 0, 2, 2),
  },
  {
    name: 'gather: rows of an embedding table, indices (2, 3)',
    model: (ops, params, { indices }) => ops.gather(params.get('table'), indices!),
    inputs: { indices: gatherIndices },
    params: { table: gatherTable },
    expected: () => gatherReference(gatherTable, gatherIndices, 0),
  },
  {
    name: 'gather: axis 1',
    model: (ops, _params, { x, indices }) => ops.gather(x!, indices!, 1),
    inputs: { x: x234, indices: tensor([2, 0], [2], 'int32') },
    expected: () => gatherReference(x234, tensor([2, 0], [2], 'int32'), 1),
  },
];

function convCase(
  name: string,
  weightShape: [number, number, number, number],
  withBias: boolean,
  options: {
    stride?: [number, number];
    padding?: [number, number];
    dilation?: [number, number];
    groups?: number;
  },
): OpCase {
  const weight = randomTensor(weightShape, 50 + weightShape[0]);
  const bias = randomTensor([weightShape[0]], 60);
  return {
    name: `conv2d: ${name}`,
    model: (ops, params, { x }) =>
      ops.conv2d(x!, params.get('weight'), withBias ? params.get('bias') : undefined, options),
    inputs: { x: image },
    params: withBias ? { weight, bias } : { weight },
    expected: () => conv2dReference(image, weight, withBias ? bias : undefined, options),
    tolerance: 1e-4,
  };
}

function convTransposeCase(
  name: string,
  kernel: number,
  stride: number,
  padding: number,
  outputPadding: number,
  withBias: boolean,
): OpCase {
  const x = randomTensor([2, 3, 4, 5], 70);
  const weight = randomTensor([3, 2, kernel, kernel], 71 + kernel);
  const bias = randomTensor([2], 72);
  return {
    name: `convTranspose2d: ${name}`,
    model: (ops, params, inputs) =>
      ops.convTranspose2d(inputs['x']!, params.get('weight'), withBias ? params.get('bias') : undefined, {
        stride,
        padding,
        outputPadding,
      }),
    inputs: { x },
    params: withBias ? { weight, bias } : { weight },
    expected: () =>
      convTranspose2dReference(
        x,
        weight,
        withBias ? bias : undefined,
        [stride, stride],
        [padding, padding],
        [outputPadding, outputPadding],
      ),
    tolerance: 1e-4,
  };
}

const normInput = randomTensor([2, 3, 8], 80, -3, 5);
const groupInput = randomTensor([2, 4, 3, 3], 81, -2, 4);

export const NN_CASES: OpCase[] = [
  convCase('3×3, padding 1', [5, 4, 3, 3], true, { padding: [1, 1] }),
  convCase('3×3, stride 2, padding 1', [3, 4, 3, 3], true, { stride: [2, 2], padding: [1, 1] }),
  convCase('stride (1, 2), padding (0, 1), no bias', [2, 4, 3, 2], false, {
    stride: [1, 2],
    padding: [0, 1],
  }),
  convCase('dilation 2', [3, 4, 3, 3], true, { dilation: [2, 2], padding: [2, 2] }),
  convCase('groups 2', [6, 2, 3, 3], true, { groups: 2, padding: [1, 1] }),
  convCase('depthwise (groups = C)', [4, 1, 3, 3], true, { groups: 4, padding: [1, 1] }),
  convCase('1×1', [7, 4, 1, 1], true, {}),
  convTransposeCase('k4, stride 2, padding 1 (2× upsampling)', 4, 2, 1, 0, true),
  convTransposeCase('k3, stride 2, padding 1, outputPadding 1', 3, 2, 1, 1, true),
  convTransposeCase('k3, stride 1, no bias', 3, 1, 0, 0, false),
  convTransposeCase('k2, stride 3', 2, 3, 0, 0, true),
  {
    name: 'upsampleNearest2d: ×2',
    model: (ops, _params, { x }) => ops.upsampleNearest2d(x!, 2),
    inputs: { x: randomTensor([2, 3, 3, 4], 90) },
    expected: () => upsampleNearestReference(randomTensor([2, 3, 3, 4], 90), 2),
  },
  {
    name: 'upsampleNearest2d: ×3',
    model: (ops, _params, { x }) => ops.upsampleNearest2d(x!, 3),
    inputs: { x: randomTensor([1, 2, 2, 3], 91) },
    expected: () => upsampleNearestReference(randomTensor([1, 2, 2, 3], 91), 3),
  },
  {
    name: 'avgPool2d: 2 on 6×6',
    model: (ops, _params, { x }) => ops.avgPool2d(x!, 2),
    inputs: { x: image },
    expected: () => avgPoolReference(image, 2),
  },
  {
    name: 'avgPool2d: 2 on 5×5 drops the last row and column',
    model: (ops, _params, { x }) => ops.avgPool2d(x!, 2),
    inputs: { x: randomTensor([1, 2, 5, 5], 92) },
    expected: () => avgPoolReference(randomTensor([1, 2, 5, 5], 92), 2),
  },
  {
    name: 'layerNorm: weight and bias',
    model: (ops, params, { x }) => ops.layerNorm(x!, params.get('weight'), params.get('bias')),
    inputs: { x: normInput },
    params: { weight: randomTensor([8], 93), bias: randomTensor([8], 94) },
    expected: () => layerNormReference(normInput, randomTensor([8], 93), randomTensor([8], 94), 1e-5),
    tolerance: 1e-4,
  },
  {
    name: 'layerNorm: no affine',
    model: (ops, _params, { x }) => ops.layerNorm(x!),
    inputs: { x: normInput },
    expected: () => layerNormReference(normInput, undefined, undefined, 1e-5),
    tolerance: 1e-4,
  },
  {
    name: 'layerNorm: bias only, eps 0.1',
    model: (ops, params, { x }) => ops.layerNorm(x!, undefined, params.get('bias'), 0.1),
    inputs: { x: normInput },
    params: { bias: randomTensor([8], 94) },
    expected: () => layerNormReference(normInput, undefined, randomTensor([8], 94), 0.1),
    tolerance: 1e-4,
  },
  {
    name: 'groupNorm: 2 groups of (N, C, H, W), affine',
    model: (ops, params, { x }) => ops.groupNorm(x!, 2, params.get('weight'), params.get('bias')),
    inputs: { x: groupInput },
    params: { weight: randomTensor([4], 95), bias: randomTensor([4], 96) },
    expected: () => groupNormReference(groupInput, 2, randomTensor([4], 95), randomTensor([4], 96), 1e-5),
    tolerance: 1e-4,
  },
  {
    name: 'groupNorm: 1 group, no affine, eps 0.01',
    model: (ops, _params, { x }) => ops.groupNorm(x!, 1, undefined, undefined, 0.01),
    inputs: { x: groupInput },
    expected: () => groupNormReference(groupInput, 1, undefined, undefined, 0.01),
    tolerance: 1e-4,
  },
  {
    name: 'groupNorm: groups = C on (N, C, L)',
    model: (ops, params, { x }) => ops.groupNorm(x!, 3, params.get('weight')),
    inputs: { x: normInput },
    params: { weight: randomTensor([3], 97) },
    expected: () => groupNormReference(normInput, 3, randomTensor([3], 97), undefined, 1e-5),
    tolerance: 1e-4,
  },
  {
    name: 'softmax: last axis',
    model: (ops, _params, { x }) => ops.softmax(x!),
    inputs: { x: normInput },
    expected: () => softmaxReference(normInput, 2),
  },
  {
    name: 'softmax: axis 1 of a rank-3 tensor',
    model: (ops, _params, { x }) => ops.softmax(x!, 1),
    inputs: { x: normInput },
    expected: () => softmaxReference(normInput, 1),
  },
  {
    name: 'logSoftmax: last axis',
    model: (ops, _params, { x }) => ops.logSoftmax(x!, -1),
    inputs: { x: normInput },
    expected: () => softmaxReference(normInput, 2, true),
  },
  {
    name: 'logSoftmax: axis 0',
    model: (ops, _params, { x }) => ops.logSoftmax(x!, 0),
    inputs: { x: normInput },
    expected: () => softmaxReference(normInput, 0, true),
  },
];

export const ALL_OP_CASES: readonly OpCase[] = [
  ...ELEMENTWISE_CASES,
  ...MATMUL_CASES,
  ...REDUCTION_CASES,
  ...ARG_EXTREME_CASES,
  ...SELECTION_CASES,
  ...SHAPE_CASES,
  ...NN_CASES,
];

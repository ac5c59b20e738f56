import { type ModelFunction, type Ops, type ParamStore, type Tensor, tensor } from '@latentlab/tensor';
import { RandomTensors } from './random-tensors.js';

export interface OpCase {
  /** The `Ops` method under test. */
  op: string;
  title: string;
  model: ModelFunction;
  inputs: Record<string, Tensor>;
  params?: ParamStore;
  dynamicBatch?: boolean;
  /** Max abs difference allowed (1e-5 by default; 1e-4 for reductions over long axes). */
  tolerance?: number;
  /** Float inputs the op has no gradient for (a `where` condition): the gradient check holds them fixed. */
  notDifferentiable?: readonly string[];
}

type Inputs<T> = Readonly<Record<string, T>>;
const input = <T>(inputs: Inputs<T>, name: string): T => inputs[name] as T;

const random = new RandomTensors(2024);
const cases: OpCase[] = [];

function unary(op: string, apply: <T>(ops: Ops<T>, x: T) => T, low = -3, high = 3): void {
  for (const shape of [[7], [2, 3, 5], [2, 1, 4, 3]]) {
    cases.push({
      op,
      title: `${op} [${shape}]`,
      model: (ops, _params, inputs) => apply(ops, input(inputs, 'x')),
      inputs: { x: random.uniform(shape, low, high) },
    });
  }
}

function binary(op: string, apply: <T>(ops: Ops<T>, a: T, b: T) => T, low = -2, high = 2): void {
  const shapePairs: [number[], number[]][] = [
    [
      [3, 4],
      [3, 4],
    ],
    [[2, 3, 4], [4]],
    [
      [2, 1, 4],
      [1, 3, 1],
    ],
    [[5], []],
    [[1], [2, 3]],
  ];
  for (const [shapeA, shapeB] of shapePairs) {
    cases.push({
      op,
      title: `${op} [${shapeA}] ⊕ [${shapeB}]`,
      model: (ops, _params, inputs) => apply(ops, input(inputs, 'a'), input(inputs, 'b')),
      inputs: { a: random.uniform(shapeA, low, high), b: random.uniform(shapeB, low, high) },
    });
  }
}

// ---- elementwise --------------------------------------------------------------------------------
binary('add', (ops, a, b) => ops.add(a, b));
binary('sub', (ops, a, b) => ops.sub(a, b));
binary('mul', (ops, a, b) => ops.mul(a, b));
binary('div', (ops, a, b) => ops.div(a, b), 0.5, 2);
binary('pow', (ops, a, b) => ops.pow(a, b), 0.2, 2);
binary('maximum', (ops, a, b) => ops.maximum(a, b));
binary('minimum', (ops, a, b) => ops.minimum(a, b));
unary('neg', (ops, x) => ops.neg(x));
unary('abs', (ops, x) => ops.abs(x));
// Values in [−4, 4] from a continuous distribution: a tie (k + 0.5) has probability 0.
unary('round', (ops, x) => ops.round(x), -4, 4);
unary('square', (ops, x) => ops.square(x));
unary('sqrt', (ops, x) => ops.sqrt(x), 0.01, 4);
unary('exp', (ops, x) => ops.exp(x));
unary('log', (ops, x) => ops.log(x), 0.05, 5);
unary('sin', (ops, x) => ops.sin(x), -6, 6);
unary('cos', (ops, x) => ops.cos(x), -6, 6);
unary('tanh', (ops, x) => ops.tanh(x));
unary('sigmoid', (ops, x) => ops.sigmoid(x), -8, 8);
unary('relu', (ops, x) => ops.relu(x));
unary('silu', (ops, x) => ops.silu(x), -6, 6);
unary('gelu', (ops, x) => ops.gelu(x), -5, 5);
unary('gelu', (ops, x) => ops.gelu(x, 'none'), -5, 5);
unary('cast', (ops, x) => ops.cast(ops.cast(x, 'int32'), 'float32'), -9, 9);
unary('stopGradient', (ops, x) => ops.stopGradient(x));

// ---- selection ----------------------------------------------------------------------------------
/** Small integers as float32: many zeros (false) and repeated values (ties). */
const smallIntegers = (shape: number[], low: number, high: number): Tensor =>
  tensor(Float32Array.from(random.integers(shape, low, high).data), shape);
const whereShapes: [number[], number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
    [3, 4],
  ],
  [[2, 3, 4], [4], [3, 1]],
  [[3, 1], [2, 1, 4], []],
  [[5], [1], [2, 5]],
];
for (const [conditionShape, shapeA, shapeB] of whereShapes) {
  for (const conditionDtype of ['float32', 'int32'] as const) {
    const condition =
      conditionDtype === 'float32'
        ? smallIntegers(conditionShape, -1, 2)
        : random.integers(conditionShape, -2, 3);
    cases.push({
      op: 'where',
      title: `where ${conditionDtype} condition [${conditionShape}] ? [${shapeA}] : [${shapeB}]`,
      model: (ops, _params, inputs) =>
        ops.where(input(inputs, 'condition'), input(inputs, 'a'), input(inputs, 'b')),
      inputs: { condition, a: random.normal(shapeA), b: random.normal(shapeB) },
      notDifferentiable: ['condition'],
    });
  }
}
cases.push({
  op: 'where',
  title: 'where on int32 branches, dynamic batch',
  model: (ops, _params, inputs) =>
    ops.where(input(inputs, 'condition'), input(inputs, 'a'), ops.scalar(-1, 'int32')),
  inputs: { condition: random.integers([2, 6], 0, 2), a: random.integers([2, 6], -50, 50) },
  dynamicBatch: true,
});

// ---- constants ----------------------------------------------------------------------------------
const table = random.normal([3, 4]);
cases.push({
  op: 'constant',
  title: 'constant (3, 4) + x',
  model: (ops, _params, inputs) => ops.add(input(inputs, 'x'), ops.constant(table)),
  inputs: { x: random.normal([2, 3, 4]) },
});
cases.push({
  op: 'scalar',
  title: 'scalar float and int',
  model: (ops, _params, inputs) =>
    ops.add(ops.mul(input(inputs, 'x'), ops.scalar(0.37)), ops.cast(ops.scalar(3, 'int32'), 'float32')),
  inputs: { x: random.normal([5]) },
});

// ---- matmul -------------------------------------------------------------------------------------
const matmulShapes: [number[], number[], boolean, boolean][] = [
  [[3, 4], [4, 5], false, false],
  [[2, 3, 4], [2, 4, 5], false, false],
  [[2, 3, 4], [4, 5], false, false],
  [[2, 1, 3, 4], [3, 4, 5], false, false],
  [[4, 3], [4, 5], true, false],
  [[2, 3, 4], [5, 4], false, true],
  [[2, 4, 3], [2, 5, 4], true, true],
  [[64, 96], [96, 80], false, false],
];
for (const [shapeA, shapeB, transposeA, transposeB] of matmulShapes) {
  // b scaled by 1/√K as initialised weights are, so outputs are O(1) whatever the inner size K.
  const inner = shapeA.at(transposeA ? -2 : -1) as number;
  cases.push({
    op: 'matmul',
    title: `matmul [${shapeA}]${transposeA ? 'ᵀ' : ''} @ [${shapeB}]${transposeB ? 'ᵀ' : ''}`,
    model: (ops, _params, inputs) =>
      ops.matmul(input(inputs, 'a'), input(inputs, 'b'), { transposeA, transposeB }),
    inputs: { a: random.normal(shapeA), b: random.normal(shapeB, 1 / Math.sqrt(inner)) },
  });
}

// ---- reductions ---------------------------------------------------------------------------------
type Reduction = 'sum' | 'mean' | 'max';
const reductionCases: [number[], number | number[] | undefined, boolean][] = [
  [[3, 4, 5], undefined, false],
  [[3, 4, 5], 1, false],
  [[3, 4, 5], -1, true],
  [[3, 4, 5], [0, 2], false],
  [[3, 4, 5], [0, 2], true],
];
for (const op of ['sum', 'mean', 'max'] as Reduction[]) {
  for (const [shape, axes, keepDims] of reductionCases) {
    cases.push({
      op,
      title: `${op} [${shape}] axes=${JSON.stringify(axes)} keepDims=${keepDims}`,
      model: (ops, _params, inputs) => ops[op](input(inputs, 'x'), axes, keepDims),
      inputs: { x: random.normal(shape) },
    });
  }
  cases.push({
    op,
    title: `${op} over a long axis (2, 20000)`,
    model: (ops, _params, inputs) => ops[op](input(inputs, 'x'), -1),
    inputs: { x: random.normal([2, 20000], 0.01) },
    tolerance: 1e-4,
  });
}

// ---- indices of extremes ------------------------------------------------------------------------
const argCases: [number[], number][] = [
  [[7], 0],
  [[3, 4, 5], -1],
  [[3, 4, 5], 1],
  [[3, 4, 5], -3],
  [[2, 3, 2, 4], -2],
];
for (const op of ['argmax', 'argmin'] as const) {
  for (const [shape, axis] of argCases) {
    // Values in {−2, …, 2}: every row along `axis` has ties, which must give the first index.
    cases.push({
      op,
      title: `${op} [${shape}] axis ${axis} with ties`,
      model: (ops, _params, inputs) => ops[op](input(inputs, 'x'), axis),
      inputs: { x: smallIntegers(shape, -2, 3) },
    });
  }
  cases.push({
    op,
    title: `${op} of int32 [4, 6] axis -1`,
    model: (ops, _params, inputs) => ops[op](input(inputs, 'x'), -1),
    inputs: { x: random.integers([4, 6], -3, 3) },
  });
  cases.push({
    op,
    title: `${op} of distinct float32 values [2, 5, 3] axis 1, dynamic batch`,
    model: (ops, _params, inputs) => ops[op](input(inputs, 'x'), 1),
    inputs: { x: random.normal([2, 5, 3]) },
    dynamicBatch: true,
  });
}

// ---- shape ops ----------------------------------------------------------------------------------
cases.push({
  op: 'reshape',
  title: 'reshape (2, 3, 4) → (-1, 12) with dynamic batch',
  model: (ops, _params, inputs) => ops.reshape(input(inputs, 'x'), [-1, 12]),
  inputs: { x: random.normal([2, 3, 4]) },
  dynamicBatch: true,
});
cases.push({
  op: 'reshape',
  title: 'reshape (6, 4) → (2, -1, 2)',
  model: (ops, _params, inputs) => ops.reshape(input(inputs, 'x'), [2, -1, 2]),
  inputs: { x: random.normal([6, 4]) },
});
for (const perm of [
  [1, 0, 2],
  [2, 0, 1],
  [0, 2, 1, 3],
]) {
  const shape = perm.length === 3 ? [2, 3, 4] : [2, 3, 4, 5];
  cases.push({
    op: 'transpose',
    title: `transpose [${shape}] perm [${perm}]`,
    model: (ops, _params, inputs) => ops.transpose(input(inputs, 'x'), perm),
    inputs: { x: random.normal(shape) },
  });
}
for (const axis of [0, 1, -1]) {
  const shapeA = [2, 3, 4].map((dim, i) => (i === (axis + 3) % 3 ? dim + 1 : dim));
  cases.push({
    op: 'concat',
    title: `concat axis ${axis}`,
    model: (ops, _params, inputs) =>
      ops.concat([input(inputs, 'a'), input(inputs, 'b'), input(inputs, 'a')], axis),
    inputs: { a: random.normal(shapeA), b: random.normal([2, 3, 4]) },
  });
}
for (const [axis, start, end] of [
  [1, 1, 3],
  [-1, 2, 5],
  [2, -3, -1],
  [0, 0, 1],
]) {
  cases.push({
    op: 'slice',
    title: `slice axis ${axis} [${start}, ${end})`,
    model: (ops, _params, inputs) =>
      ops.slice(input(inputs, 'x'), axis as number, start as number, end as number),
    inputs: { x: random.normal([3, 4, 6]) },
  });
}
cases.push({
  op: 'gather',
  title: 'gather rows of a table by (B, T) int32 indices',
  model: (ops, _params, inputs) => ops.gather(input(inputs, 'table'), input(inputs, 'indices')),
  inputs: { table: random.normal([10, 4]), indices: random.integers([3, 5], 0, 10) },
});
cases.push({
  op: 'gather',
  title: 'gather along axis 1',
  model: (ops, _params, inputs) => ops.gather(input(inputs, 'x'), input(inputs, 'indices'), 1),
  inputs: { x: random.normal([2, 6, 3]), indices: random.integers([4], 0, 6) },
});

// ---- neural-network ops -------------------------------------------------------------------------
const convCases = [
  { x: [2, 3, 9, 9], w: [4, 3, 3, 3], options: {} },
  { x: [2, 3, 9, 8], w: [4, 3, 3, 3], options: { stride: 2, padding: 1 } },
  { x: [1, 4, 10, 10], w: [6, 2, 3, 3], options: { padding: [1, 2] as const, groups: 2 } },
  { x: [1, 4, 8, 8], w: [4, 1, 3, 3], options: { padding: 1, groups: 4 } },
  { x: [1, 2, 11, 11], w: [3, 2, 3, 3], options: { dilation: 2, padding: 2 } },
  { x: [2, 2, 7, 7], w: [5, 2, 1, 1], options: {} },
];
for (const { x, w, options } of convCases) {
  for (const withBias of [true, false]) {
    cases.push({
      op: 'conv2d',
      title: `conv2d x[${x}] w[${w}] ${JSON.stringify(options)}${withBias ? ' + bias' : ''}`,
      model: (ops, params, inputs) =>
        ops.conv2d(input(inputs, 'x'), params.get('w'), withBias ? params.get('b') : undefined, options),
      inputs: { x: random.normal(x) },
      params: new Map([
        ['w', random.normal(w, 0.3)],
        ['b', random.normal([w[0] as number])],
      ]),
    });
  }
}
const transposedCases = [
  { x: [2, 4, 5, 5], w: [4, 3, 3, 3], options: {} },
  { x: [2, 4, 4, 4], w: [4, 3, 4, 4], options: { stride: 2, padding: 1 } },
  { x: [1, 3, 5, 4], w: [3, 2, 3, 3], options: { stride: 2, padding: 1, outputPadding: 1 } },
  { x: [1, 2, 3, 3], w: [2, 2, 3, 3], options: { stride: [2, 3] as const, padding: [0, 1] as const } },
];
for (const { x, w, options } of transposedCases) {
  cases.push({
    op: 'convTranspose2d',
    title: `convTranspose2d x[${x}] w[${w}] ${JSON.stringify(options)}`,
    model: (ops, params, inputs) =>
      ops.convTranspose2d(input(inputs, 'x'), params.get('w'), params.get('b'), options),
    inputs: { x: random.normal(x) },
    params: new Map([
      ['w', random.normal(w, 0.3)],
      ['b', random.normal([w[1] as number])],
    ]),
  });
}
for (const scale of [2, 3]) {
  cases.push({
    op: 'upsampleNearest2d',
    title: `upsampleNearest2d ×${scale}`,
    model: (ops, _params, inputs) => ops.upsampleNearest2d(input(inputs, 'x'), scale),
    inputs: { x: random.normal([2, 3, 4, 5]) },
  });
}
for (const shape of [
  [2, 3, 8, 8],
  [1, 2, 5, 7],
]) {
  cases.push({
    op: 'avgPool2d',
    title: `avgPool2d 2 on [${shape}]`,
    model: (ops, _params, inputs) => ops.avgPool2d(input(inputs, 'x'), 2),
    inputs: { x: random.normal(shape) },
  });
}
for (const affine of [true, false]) {
  cases.push({
    op: 'layerNorm',
    title: `layerNorm (2, 5, 16)${affine ? ' affine' : ''}`,
    model: (ops, params, inputs) =>
      affine
        ? ops.layerNorm(input(inputs, 'x'), params.get('g'), params.get('b'), 1e-6)
        : ops.layerNorm(input(inputs, 'x')),
    inputs: { x: random.normal([2, 5, 16], 3) },
    params: new Map([
      ['g', random.normal([16])],
      ['b', random.normal([16])],
    ]),
  });
}
for (const groups of [1, 2, 6]) {
  cases.push({
    op: 'groupNorm',
    title: `groupNorm (2, 6, 4, 5) groups=${groups}`,
    model: (ops, params, inputs) =>
      ops.groupNorm(input(inputs, 'x'), groups, params.get('g'), params.get('b'), 1e-5),
    inputs: { x: random.normal([2, 6, 4, 5], 2) },
    params: new Map([
      ['g', random.normal([6])],
      ['b', random.normal([6])],
    ]),
    dynamicBatch: groups === 2,
  });
}
for (const op of ['softmax', 'logSoftmax'] as const) {
  for (const axis of [-1, 1]) {
    cases.push({
      op,
      title: `${op} (2, 5, 7) axis ${axis}`,
      model: (ops, _params, inputs) => ops[op](input(inputs, 'x'), axis),
      inputs: { x: random.normal([2, 5, 7], 4) },
    });
  }
}

export const opCases: readonly OpCase[] = cases;

import { readFileSync } from 'node:fs';
import { MissingParameterError, type ModelFunction, type Ops, tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { GraphBuilder } from './graph-builder.js';
import { createNodeRunner } from './node.js';
import { OnnxOps, SUPPORTED_OPS } from './onnx-ops.js';
import { decodeModel } from './onnx-proto-decode.js';
import { randomIntTensor, randomTensor } from './testing/random.js';
import {
  broadcastBinary,
  conv2dReference,
  groupNormReference,
  matmulReference,
} from './testing/reference.js';
import { expectClose } from './testing/run-case.js';
import {
  convAttentionModel,
  convAttentionParams,
  linearModel,
  linearParams,
} from './testing/small-models.js';
import { UnsupportedOpError } from './unsupported-op-error.js';
import { PACKAGE_VERSION } from './version.js';

const float = (...shape: (number | string)[]) => ({ shape, dtype: 'float32' as const });

describe('exportOnnx', () => {
  it('exports a Linear layer that onnxruntime-node runs like the reference', async () => {
    const params = linearParams(4, 3);
    const bytes = exportOnnx(linearModel, params, { x: float(2, 4) });
    const x = randomTensor([2, 4], 7);
    const runner = await createNodeRunner(bytes);
    const { output } = await runner.run({ x });
    const expected = broadcastBinary(
      matmulReference(x, params.get('w')!, false, true),
      params.get('b')!,
      (a, b) => a + b,
    );
    expectClose(output!, expected);
    await runner.release();
  });

  it('writes IR 8, opset 17, the producer and the graph name', () => {
    const bytes = exportOnnx(
      linearModel,
      linearParams(4, 3),
      { x: float(2, 4) },
      {
        graphName: 'linear',
        docString: 'y = x Wᵀ + b',
        outputNames: ['y'],
      },
    );
    const model = decodeModel(bytes);
    expect(model.irVersion).toBe(8);
    expect(model.opsetImports).toEqual([{ domain: '', version: 17 }]);
    expect(model.producerName).toBe('latentlab');
    expect(model.producerVersion).toBe(PACKAGE_VERSION);
    expect(model.docString).toBe('y = x Wᵀ + b');
    expect(model.graph.name).toBe('linear');
    expect(model.graph.outputs).toEqual([{ name: 'y', elemType: 1, dims: [2, 3] }]);
    expect(model.graph.nodes.map((node) => node.opType)).toEqual(['Transpose', 'MatMul', 'Add']);
  });

  it('keeps producer_version equal to package.json', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(PACKAGE_VERSION).toBe(packageJson.version);
  });

  it('adds only the parameters the model reads, named as in the store', () => {
    const model = decodeModel(
      exportOnnx(convAttentionModel, convAttentionParams(), {
        x: float('batch', 2, 8, 8),
        labels: { shape: ['batch'], dtype: 'int32' },
      }),
    );
    const names = model.graph.initializers
      .map((initializer) => initializer.name)
      .filter((name) => !name.startsWith('/'));
    expect(names).toEqual([
      'conv.weight',
      'conv.bias',
      'norm.weight',
      'norm.bias',
      'ln.weight',
      'ln.bias',
      'proj.weight',
      'embedding',
    ]);
    expect(model.graph.initializers.find((initializer) => initializer.name === 'conv.weight')?.dims).toEqual([
      4, 2, 3, 3,
    ]);
  });

  it('names a record’s outputs by its keys, in outputNames order when given', () => {
    const model: ModelFunction = (ops, _params, { x }) => {
      const doubled = ops.add(x!, x!);
      return { doubled, same: doubled, input: x! };
    };
    const decoded = decodeModel(
      exportOnnx(model, new Map(), { x: float(3) }, { outputNames: ['input', 'same', 'doubled'] }),
    );
    expect(decoded.graph.outputs.map((output) => output.name)).toEqual(['input', 'same', 'doubled']);
    expect(() => exportOnnx(model, new Map(), { x: float(3) }, { outputNames: ['a'] })).toThrow(
      'outputNames [a] do not match the keys the model returned [doubled, same, input]',
    );
  });

  it('runs a record-returning model', async () => {
    const model: ModelFunction = (ops, _params, { x }) => ({
      twice: ops.add(x!, x!),
      negated: ops.neg(x!),
      copy: x!,
    });
    const runner = await createNodeRunner(exportOnnx(model, new Map(), { x: float(3) }));
    expect(runner.outputNames).toEqual(['twice', 'negated', 'copy']);
    const outputs = await runner.run({ x: tensor([1, -2, 3], [3]) });
    expect([...outputs['twice']!.data]).toEqual([2, -4, 6]);
    expect([...outputs['negated']!.data]).toEqual([-1, 2, -3]);
    expect([...outputs['copy']!.data]).toEqual([1, -2, 3]);
  });
});

describe('dynamic batch', () => {
  const inputs = { x: float('batch', 2, 8, 8), labels: { shape: ['batch'], dtype: 'int32' as const } };
  const bytes = exportOnnx(convAttentionModel, convAttentionParams(), inputs);

  it('declares the dynamic dimension as dim_param in inputs and outputs', () => {
    const { graph } = decodeModel(bytes);
    expect(graph.inputs.map((input) => input.dims)).toEqual([['batch', 2, 8, 8], ['batch']]);
    expect(graph.outputs.map((output) => [output.name, output.dims])).toEqual([
      ['logits', ['batch', 3]],
      ['probabilities', ['batch', 3]],
      ['total', []],
    ]);
  });

  it('runs with batch 1 and 5, each sample as a fixed-batch export computes it', async () => {
    const runner = await createNodeRunner(bytes);
    const x = randomTensor([5, 2, 8, 8], 11);
    const labels = randomIntTensor([5], 12, 0, 10);
    const batch5 = await runner.run({ x, labels });
    expect(batch5['logits']!.shape).toEqual([5, 3]);
    for (const sample of [0, 3]) {
      const one = {
        x: tensor(x.data.slice(sample * 128, (sample + 1) * 128), [1, 2, 8, 8]),
        labels: tensor(labels.data.slice(sample, sample + 1), [1], 'int32'),
      };
      const batch1 = await runner.run(one);
      expect(batch1['logits']!.shape).toEqual([1, 3]);
      const fixed = await createNodeRunner(
        exportOnnx(convAttentionModel, convAttentionParams(), {
          x: float(1, 2, 8, 8),
          labels: { shape: [1], dtype: 'int32' },
        }),
      );
      const reference = await fixed.run(one);
      expectClose(batch1['logits']!, reference['logits']!, 1e-6);
      expectClose(
        tensor(batch5['logits']!.data.slice(sample * 3, sample * 3 + 3), [1, 3]),
        reference['logits']!,
        1e-5,
      );
      await fixed.release();
    }
    await runner.release();
  });

  it('requires reshape to name the dynamic dimension as -1', () => {
    const model: ModelFunction = (ops, _params, { x }) => ops.reshape(x!, [2, 12]);
    expect(() => exportOnnx(model, new Map(), { x: float('batch', 3, 4) })).toThrow(
      'reshape of a tensor with a dynamic batch dimension must give that dimension as -1',
    );
  });

  it('refuses to slice the dynamic axis', () => {
    const model: ModelFunction = (ops, _params, { x }) => ops.slice(x!, 0, 0, 1);
    expect(() => exportOnnx(model, new Map(), { x: float('batch', 3) })).toThrow(
      /slice: axis 0 of float32 \[2, 3\], dynamic dim 0 is the dynamic batch dimension/,
    );
  });

  it('refuses to broadcast the dynamic axis against a fixed size', () => {
    const model: ModelFunction = (ops, _params, { x }) =>
      ops.add(x!, ops.constant(tensor([1, 2, 3, 4, 5, 6], [2, 3])));
    expect(() => exportOnnx(model, new Map(), { x: float('batch', 3) })).toThrow(
      /add: a dynamic dimension meets a fixed size 2/,
    );
  });

  it('handles dynamic spatial dimensions too (groupNorm reshapes back through Shape)', async () => {
    const params = new Map([
      ['weight', randomTensor([3, 4, 3, 3], 1)],
      ['gamma', randomTensor([3], 2)],
    ]);
    const model: ModelFunction = (ops, p, { x }) =>
      ops.groupNorm(ops.conv2d(x!, p.get('weight'), undefined, { padding: 1 }), 3, p.get('gamma'));
    const bytes = exportOnnx(model, params, { x: float('batch', 4, 'height', 'width') });
    expect(decodeModel(bytes).graph.outputs[0]!.dims).toEqual([
      'output_dim0',
      3,
      'output_dim2',
      'output_dim3',
    ]);
    const runner = await createNodeRunner(bytes);
    for (const shape of [
      [1, 4, 3, 5],
      [2, 4, 6, 4],
    ]) {
      const x = randomTensor(shape, 3);
      const { output } = await runner.run({ x });
      const convolved = conv2dReference(x, params.get('weight')!, undefined, { padding: [1, 1] });
      expectClose(output!, groupNormReference(convolved, 3, params.get('gamma'), undefined, 1e-5), 1e-4);
    }
  });

  it('allows reductions over the dynamic axis', async () => {
    const model: ModelFunction = (ops, _params, { x }) => ops.mean(x!, 0);
    const runner = await createNodeRunner(exportOnnx(model, new Map(), { x: float('batch', 2) }));
    const { output } = await runner.run({ x: tensor([1, 2, 3, 4, 5, 6], [3, 2]) });
    expect([...output!.data]).toEqual([3, 4]);
  });
});

describe('export errors', () => {
  it('names a missing parameter', () => {
    const model: ModelFunction = (ops, params, { x }) => ops.mul(x!, params.get('scale'));
    const run = () => exportOnnx(model, linearParams(2, 2), { x: float(2) });
    expect(run).toThrow(MissingParameterError);
    expect(run).toThrow("parameter 'scale' is not in the store (it has 2: w, b)");
  });

  it('names an op that OnnxOps does not have', () => {
    type BiggerOps<T> = Ops<T> & { fancyOp(x: T): T };
    const model: ModelFunction = (ops, _params, { x }) => (ops as BiggerOps<typeof x & {}>).fancyOp(x!);
    const run = () => exportOnnx(model, new Map(), { x: float(2) });
    expect(run).toThrow(UnsupportedOpError);
    expect(run).toThrow(
      /^ONNX export: op 'fancyOp' is not supported by @latentlab\/onnx \(supported: shape, dtype, constant, .*logSoftmax\)$/,
    );
  });

  it('raises UnsupportedOpError for an op option the graph cannot express', () => {
    const model: ModelFunction = (ops, _params) =>
      ops.add(ops.constant(tensor([1], [1], 'uint8')), ops.constant(tensor([2], [1], 'uint8')));
    expect(() => exportOnnx(model, new Map(), {})).toThrow(UnsupportedOpError);
    expect(() => exportOnnx(model, new Map(), {})).toThrow('ONNX export: add does not take uint8 values');
  });

  it('raises UnsupportedOpError for outputPadding ≥ stride, which onnxruntime refuses', () => {
    const model: ModelFunction = (ops, params, { x }) =>
      ops.convTranspose2d(x!, params.get('weight'), undefined, { stride: 2, outputPadding: 2 });
    const params = new Map([['weight', randomTensor([1, 1, 3, 3], 1)]]);
    const run = () => exportOnnx(model, params, { x: float(1, 1, 4, 4) });
    expect(run).toThrow(UnsupportedOpError);
    expect(run).toThrow('ONNX export: convTranspose2d with outputPadding 2 ≥ stride 2 is not supported');
  });

  it('explains a plain Tensor passed where a graph value is expected', () => {
    const model: ModelFunction = (ops, _params, { x }) => ops.add(x!, tensor([1], [1]) as never);
    expect(() => exportOnnx(model, new Map(), { x: float(1) })).toThrow(
      'add: b must be a value of this ONNX graph, got a plain Tensor (wrap fixed tensors with ops.constant())',
    );
  });

  it('validates op arguments with errors naming the op', () => {
    const cases: [ModelFunction, RegExp][] = [
      [
        (ops, _p, { x }) => ops.matmul(x!, x!),
        /matmul: inner dimensions differ: float32 \[2, 3\] @ float32 \[2, 3\]/,
      ],
      [(ops, _p, { x }) => ops.sum(x!, 2), /sum: axis 2 is out of range for a tensor of rank 2/],
      [
        (ops, _p, { x }) => ops.reshape(x!, [4, -1]),
        /reshape: cannot reshape float32 \[2, 3\] \(6 elements\) to \[4, -1\]/,
      ],
      [(ops, _p, { x }) => ops.transpose(x!, [0, 0]), /transpose: perm \[0, 0\] repeats an axis/],
      [
        (ops, _p, { x }) => ops.concat([x!, ops.reshape(x!, [3, 2])], 0),
        /concat: xs\[1\] is float32 \[3, 2\]/,
      ],
      [(ops, _p, { x }) => ops.conv2d(x!, x!), /conv2d: x \(N, C, H, W\) must have rank 4/],
      [(ops, _p, { x }) => ops.groupNorm(x!, 2), /groupNorm: 3 channels do not split into 2 groups/],
      [(ops, _p, { x }) => ops.gather(x!, x!), /gather: indices must be int32/],
      [(ops, _p, { x }) => ops.gelu(x!, 'erf' as never), /gelu: approximate must be 'tanh' or 'none'/],
      [
        (ops, _p, { x }) => ops.add(x!, ops.constant(tensor([1, 2], [2]))),
        /add: shapes \[2, 3\] and \[2\] do not broadcast/,
      ],
      [(ops, _p, { x }) => ops.argmax(x!, 2), /argmax: axis 2 is out of range for a tensor of rank 2/],
      [(ops, _p, { x }) => ops.argmin(x!, -3), /argmin: axis -3 is out of range for a tensor of rank 2/],
      [
        (ops, _p, { x }) =>
          ops.where(
            ops.cast(ops.constant(tensor([1, 0, 1], [3], 'uint8')), 'float32'),
            x!,
            ops.constant(tensor([1, 2], [2])),
          ),
        /where: shapes \[2, 3\] and \[2\] do not broadcast/,
      ],
      [
        (ops, _p, { x }) => ops.where(ops.constant(tensor([1, 0, 1], [3], 'uint8')), x!, x!),
        /where: condition must be int32 or float32 \(nonzero = true\), got uint8 \[3\]/,
      ],
    ];
    for (const [model, message] of cases) {
      expect(() => exportOnnx(model, new Map(), { x: float(2, 3) })).toThrow(message);
    }
  });

  it('checks the input specs and what the model returns', () => {
    const identity: ModelFunction = (_ops, _params, { x }) => x!;
    expect(() => exportOnnx(identity, new Map(), { x: { shape: [2], dtype: 'uint8' as never } })).toThrow(
      "exportOnnx: input 'x' has dtype 'uint8'; expected 'float32' or 'int32'",
    );
    expect(() => exportOnnx(identity, new Map(), { x: float(-1) })).toThrow(/input 'x' has shape \[-1\]/);
    const returnsNumber: ModelFunction = () => 3 as never;
    expect(() => exportOnnx(returnsNumber, new Map(), {})).toThrow(
      'the model must return a value or a record of values, got 3',
    );
    const returnsForeign: ModelFunction = () => new GraphBuilder().addConstant(tensor([1], [1])) as never;
    expect(() => exportOnnx(returnsForeign, new Map(), {})).toThrow(
      'output is not a value of the traced graph',
    );
  });
});

describe('OnnxOps', () => {
  it('is the onnx kind and lists every op of the interface', () => {
    const ops = new OnnxOps(new GraphBuilder());
    expect(ops.kind).toBe('onnx');
    for (const name of SUPPORTED_OPS)
      expect(typeof (ops as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(SUPPORTED_OPS).toHaveLength(47);
  });

  it('can be destructured', async () => {
    const model: ModelFunction = ({ add, mul, scalar }, _params, { x }) => add(mul(x!, scalar(2)), scalar(1));
    const runner = await createNodeRunner(exportOnnx(model, new Map(), { x: float(2) }));
    const { output } = await runner.run({ x: tensor([1, 2], [2]) });
    expect([...output!.data]).toEqual([3, 5]);
  });
});

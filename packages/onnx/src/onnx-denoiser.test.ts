import { type ModelCard, ModelCardError, tensor } from '@latentlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denoiserTensorNames } from './denoiser-tensor-names.js';
import { exportOnnx } from './export.js';
import { createNodeRunner } from './node.js';
import { onnxDenoiser } from './onnx-denoiser.js';
import { readModelCard } from './read-model-card.js';
import type { OnnxRunner } from './runner.js';
import { OnnxFeedError } from './runner-errors.js';
import { randomTensor } from './testing/random.js';
import {
  TOY_CLASSES,
  TOY_INPUTS,
  toyDenoiser,
  toyDenoiserCard,
  toyDenoiserParams,
} from './testing/toy-denoiser.js';

const bytes = exportOnnx(toyDenoiser, toyDenoiserParams(), TOY_INPUTS, {
  outputNames: ['prediction'],
  card: toyDenoiserCard(),
});
let runner: OnnxRunner;

beforeAll(async () => {
  runner = await createNodeRunner(bytes);
}, 60_000);
afterAll(() => runner.release());

describe('onnxDenoiser', () => {
  it('feeds x, t and the labels by role and returns the prediction', async () => {
    const denoiser = onnxDenoiser(runner, readModelCard(bytes));
    const shape = [3, 2, 3];
    const x = randomTensor(shape, 7).data;
    const condition = Int32Array.from([0, 2, TOY_CLASSES]); // the last is the null class
    const prediction = await denoiser({ x, shape, t: 0.25, condition });
    const direct = await runner.run({
      x: tensor(x, shape),
      t: tensor([0.25, 0.25, 0.25], [3]),
      y: tensor(condition, [3], 'int32'),
    });
    expect(prediction).toBeInstanceOf(Float32Array);
    expect(prediction).toEqual(direct['prediction']!.data);
    // By hand: x · t + table[y].
    const table = toyDenoiserParams().get('table')!.data as Float32Array;
    const expected = x.map(
      (value, index) => value * 0.25 + table[condition[Math.floor(index / 6)]! * 6 + (index % 6)]!,
    );
    for (let index = 0; index < expected.length; index += 1) {
      expect(prediction[index]).toBeCloseTo(expected[index]!, 6);
    }
  });

  it('finds the inputs by role, whatever their names and order', async () => {
    const renamed = exportOnnx(
      (ops, params, { labels, noisy, time }) => toyDenoiser(ops, params, { x: noisy!, t: time!, y: labels! }),
      toyDenoiserParams(),
      { labels: TOY_INPUTS['y']!, noisy: TOY_INPUTS['x']!, time: TOY_INPUTS['t']! },
      { outputNames: ['velocity'] },
    );
    const card = toyDenoiserCard();
    card.inputs = [
      { ...card.inputs[2]!, name: 'labels' },
      { ...card.inputs[0]!, name: 'noisy' },
      { ...card.inputs[1]!, name: 'time' },
    ];
    card.outputs = [{ ...card.outputs[0]!, name: 'velocity' }];
    expect(denoiserTensorNames(card)).toEqual({
      sample: 'noisy',
      time: 'time',
      class: 'labels',
      prediction: 'velocity',
    });
    const renamedRunner = await createNodeRunner(renamed);
    try {
      const input = {
        x: randomTensor([2, 2, 3], 8).data,
        shape: [2, 2, 3],
        t: 0.5,
        condition: Int32Array.from([1, 3]),
      };
      const fromRenamed = await onnxDenoiser(renamedRunner, card)(input);
      expect(fromRenamed).toEqual(await onnxDenoiser(runner, toyDenoiserCard())(input));
    } finally {
      await renamedRunner.release();
    }
  });

  it('runs an unconditional denoiser without a class input', async () => {
    const unconditional = exportOnnx(
      (ops, params, { x, t }) => ops.add(ops.mul(x!, ops.reshape(t!, [-1, 1, 1])), params.get('bias')),
      new Map([['bias', randomTensor([2, 3], 9)]]),
      { x: TOY_INPUTS['x']!, t: TOY_INPUTS['t']! },
    );
    const card = toyDenoiserCard();
    card.inputs.pop();
    card.outputs = [{ name: 'output', role: 'output', shape: ['batch', 2, 3], dtype: 'float32' }]; // the only output
    card.denoiser = { ...card.denoiser!, classes: 0, nullClass: null };
    delete card.classLabels;
    const unconditionalRunner = await createNodeRunner(unconditional);
    try {
      const denoiser = onnxDenoiser(unconditionalRunner, card);
      const x = randomTensor([2, 2, 3], 10).data;
      const prediction = await denoiser({ x, shape: [2, 2, 3], t: 2, condition: new Int32Array(0) });
      const { output } = await unconditionalRunner.run({ x: tensor(x, [2, 2, 3]), t: tensor([2, 2], [2]) });
      expect(prediction).toEqual(output!.data);
    } finally {
      await unconditionalRunner.release();
    }
  });

  it('checks the labels it is given', async () => {
    const denoiser = onnxDenoiser(runner, toyDenoiserCard());
    const x = new Float32Array(12);
    await expect(denoiser({ x, shape: [2, 2, 3], t: 0, condition: Int32Array.from([1]) })).rejects.toThrow(
      new OnnxFeedError(
        'y',
        'onnxDenoiser: the condition must be the class labels, an Int32Array of 2 (one per sample)',
      ),
    );
    const floats = new Float32Array(2) as unknown as Int32Array;
    await expect(denoiser({ x, shape: [2, 2, 3], t: 0, condition: floats })).rejects.toThrow(OnnxFeedError);
  });

  /** Each case breaks one thing onnxDenoiser relies on; the error must name the card field. */
  const unusableCards: [string, (card: ModelCard) => void, string][] = [
    [
      'a classifier card',
      (card) => {
        card.kind = 'classifier';
        delete card.denoiser;
      },
      "kind: expected a 'denoiser' card, got a 'classifier' card ('toy-denoiser')",
    ],
    [
      'no time input',
      (card) => (card.inputs[1]!.role = 'noise-level'),
      "inputs[1].role: input 't' has role 'noise-level', which a sampler cannot fill (it fills sample, time, class, guidance-scale, step-size)",
    ],
    [
      'two sample inputs',
      (card) => card.inputs.push({ ...card.inputs[0]!, name: 'x2' }),
      "inputs[3].role: inputs 'x' and 'x2' both have role 'sample'",
    ],
    [
      'a class-conditional model without class input',
      (card) => card.inputs.pop(),
      "inputs: no input has role 'class' (denoiser.classes is 3); a denoiser is fed sample, time, class",
    ],
    [
      'integer time',
      (card) => (card.inputs[1]!.dtype = 'int32'),
      "inputs[1].dtype: the 'time' input 't' is int32; a sampler feeds float32",
    ],
    [
      'labels of rank 2',
      (card) => (card.inputs[2]!.shape = ['batch', 1]),
      "inputs[2].shape: the 'class' input 'y' has shape [batch, 1]; a sampler feeds (batch)",
    ],
    [
      'two outputs, neither a prediction',
      (card) => {
        card.outputs = [
          { name: 'a', role: 'features', shape: ['batch', 2, 3], dtype: 'float32' },
          { name: 'b', role: 'logits', shape: ['batch', 2, 3], dtype: 'float32' },
        ];
      },
      "outputs: no output has role 'prediction', and there are 2 outputs (a, b)",
    ],
  ];
  for (const [what, change, expected] of unusableCards) {
    it(`refuses ${what}`, () => {
      const card = toyDenoiserCard();
      change(card);
      expect(() => onnxDenoiser(runner, card)).toThrow(ModelCardError);
      expect(() => onnxDenoiser(runner, card)).toThrow(`onnxDenoiser: model card field ${expected}`);
    });
  }

  it('refuses a card that does not describe the runner', () => {
    const card = toyDenoiserCard();
    card.inputs[0]!.name = 'sample';
    expect(() => onnxDenoiser(runner, card)).toThrow(
      "onnxDenoiser: model card field inputs[0].name: input 'sample' is not an input of the graph (its inputs: x, t, y)",
    );
  });

  it('feeds a distilled student’s guidance scale and step size by role, and names the one left out', async () => {
    // prediction = x·t + table[y] + w − 10·d: each scalar input moves the result.
    const student = exportOnnx(
      (ops, params, { x, t, y, w, d }) =>
        ops.add(
          toyDenoiser(ops, params, { x: x!, t: t!, y: y! }) as typeof x & object,
          ops.reshape(ops.sub(w!, ops.mul(d!, ops.scalar(10))), [-1, 1, 1]),
        ),
      toyDenoiserParams(),
      { ...TOY_INPUTS, w: TOY_INPUTS['t']!, d: TOY_INPUTS['t']! },
      { outputNames: ['prediction'] },
    );
    const card = toyDenoiserCard();
    card.inputs.push(
      { name: 'w', role: 'guidance-scale', shape: ['batch'], dtype: 'float32' },
      { name: 'd', role: 'step-size', shape: ['batch'], dtype: 'float32' },
    );
    expect(denoiserTensorNames(card)).toMatchObject({ guidanceScale: 'w', stepSize: 'd' });
    const studentRunner = await createNodeRunner(student);
    try {
      const denoiser = onnxDenoiser(studentRunner, card);
      const shape = [2, 2, 3];
      const input = { x: randomTensor(shape, 9).data, shape, t: 0.5, condition: Int32Array.from([0, 1]) };
      const plain = await onnxDenoiser(runner, readModelCard(bytes))(input);
      const guided = await denoiser({ ...input, scalars: { guidanceScale: 3, stepSize: 0.25 } });
      for (let k = 0; k < plain.length; k++) expect(guided[k]! - plain[k]!).toBeCloseTo(3 - 2.5, 5);
      await expect(denoiser({ ...input, scalars: { guidanceScale: 3 } })).rejects.toThrow(
        /takes a step size d as its input 'd'; pass scalars\.stepSize/,
      );
      await expect(denoiser(input)).rejects.toThrow(OnnxFeedError);
    } finally {
      await studentRunner.release();
    }
  });
});

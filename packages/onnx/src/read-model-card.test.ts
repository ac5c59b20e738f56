import { type ModelCard, ModelCardError } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { MODEL_CARD_METADATA_KEY } from './model-card-metadata.js';
import { ModelProtoField, StringStringEntryField } from './onnx-proto.js';
import { ProtoWriter } from './protobuf/index.js';
import { readModelCard } from './read-model-card.js';
import { readOnnxMetadata } from './read-onnx-metadata.js';
import { OnnxModelError } from './runner-errors.js';
import { TOY_INPUTS, toyDenoiser, toyDenoiserCard, toyDenoiserParams } from './testing/toy-denoiser.js';

/** Exports the toy denoiser, with `card` when given. */
function toyBytes(card?: ModelCard, metadata?: Record<string, string>): Uint8Array {
  return exportOnnx(toyDenoiser, toyDenoiserParams(), TOY_INPUTS, {
    outputNames: ['prediction'],
    ...(card ? { card } : {}),
    ...(metadata ? { metadata } : {}),
  });
}

/**
 * `bytes` with one more metadata_props entry: protobuf messages concatenate, so appending a field
 * appends an entry (as a producer other than exportOnnx could write it).
 */
function withMetadataEntry(bytes: Uint8Array, key: string, value: string): Uint8Array {
  const entry = new ProtoWriter()
    .string(StringStringEntryField.key, key)
    .string(StringStringEntryField.value, value);
  const field = new ProtoWriter().message(ModelProtoField.metadataProps, entry).finish();
  const joined = new Uint8Array(bytes.length + field.length);
  joined.set(bytes);
  joined.set(field, bytes.length);
  return joined;
}

/** The error `run` throws (it must throw). */
function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('exportOnnx with a card, readModelCard', () => {
  it('round-trips the card, next to the other metadata', () => {
    const card = toyDenoiserCard();
    const bytes = toyBytes(card, { license: 'MIT', '': 'an empty key' });
    expect(readModelCard(bytes, 'toy.onnx')).toEqual(toyDenoiserCard());
    expect(readOnnxMetadata(bytes)).toEqual({
      license: 'MIT',
      '': 'an empty key',
      [MODEL_CARD_METADATA_KEY]: JSON.stringify(card),
    });
  });

  it('keeps unknown card fields', () => {
    const card = { ...toyDenoiserCard(), license: 'MIT' } as ModelCard;
    expect(readModelCard(toyBytes(card))).toHaveProperty('license', 'MIT');
  });

  it('says so when the file has no card', () => {
    const bytes = toyBytes();
    expect(readOnnxMetadata(bytes)).toEqual({});
    const error = thrownBy(() => readModelCard(bytes, 'models/toy.onnx'));
    expect(error).toBeInstanceOf(ModelCardError);
    expect(error.message).toBe(
      'models/toy.onnx: no latentlab model card (metadata_props key latentlab.model_card); ' +
        'export it with `latentlab export --onnx`, or pass `card` to exportOnnx',
    );
    expect(() => readModelCard(withMetadataEntry(bytes, 'author', 'me'))).toThrow('no latentlab model card');
  });

  it('names corrupt card JSON', () => {
    const bytes = withMetadataEntry(
      toyBytes(),
      MODEL_CARD_METADATA_KEY,
      '{"format": "latentlab-model-card/1", ',
    );
    const error = thrownBy(() => readModelCard(bytes, 'toy.onnx'));
    expect(error).toBeInstanceOf(ModelCardError);
    expect(error.message).toMatch(
      /^toy\.onnx: the model card \(metadata_props key latentlab\.model_card\) is not valid JSON: /,
    );
  });

  it('names an unknown card version', () => {
    const newer = JSON.stringify({ ...toyDenoiserCard(), format: 'latentlab-model-card/2' });
    const bytes = withMetadataEntry(toyBytes(), MODEL_CARD_METADATA_KEY, newer);
    expect(() => readModelCard(bytes, 'toy.onnx')).toThrow(
      "toy.onnx: model card field format: 'latentlab-model-card/2' is a format this version cannot read " +
        '(written by a newer latentlab? this version reads latentlab-model-card/1)',
    );
  });

  it('names an invalid field of a stored card', () => {
    const card = toyDenoiserCard() as unknown as { denoiser: { target: string } };
    card.denoiser.target = 'eps';
    const bytes = withMetadataEntry(toyBytes(), MODEL_CARD_METADATA_KEY, JSON.stringify(card));
    const error = thrownBy(() => readModelCard(bytes, 'toy.onnx')) as ModelCardError;
    expect(error.field).toBe('denoiser.target');
    expect(error.message).toBe(
      "toy.onnx: model card field denoiser.target: expected one of x0, epsilon, v, velocity, got 'eps'",
    );
  });

  it('checks a stored card against the graph it travels with', () => {
    const card = toyDenoiserCard();
    card.inputs[2]!.dtype = 'float32';
    const bytes = withMetadataEntry(toyBytes(), MODEL_CARD_METADATA_KEY, JSON.stringify(card));
    expect(() => readModelCard(bytes, 'toy.onnx')).toThrow(
      "toy.onnx: model card field inputs[2].dtype: input 'y' is float32 in the card but int32 in the graph",
    );
  });

  it('reports a damaged file as the runners do, wherever it is cut', () => {
    const bytes = toyBytes(toyDenoiserCard());
    expect(() => readModelCard(new Uint8Array(), 'toy.onnx')).toThrow(
      new OnnxModelError('toy.onnx', 'file is empty'),
    );
    // The card is written before the graph, so no cut loses it silently: every prefix is a damaged model.
    for (let length = 1; length < bytes.length; length += 1) {
      const error = thrownBy(() => readModelCard(bytes.subarray(0, length), 'toy.onnx'));
      expect(error, `cut at ${length} bytes`).toBeInstanceOf(OnnxModelError);
      expect(error.message).toMatch(/^toy\.onnx: not an ONNX (model|ModelProto): /);
    }
    expect(() => readOnnxMetadata(bytes.subarray(0, bytes.length - 3))).toThrow(
      /^<bytes>: not an ONNX model: truncated/,
    );
    expect(() => readOnnxMetadata(new TextEncoder().encode('{"not": "onnx"}'), 'card.json')).toThrow(
      /^card\.json: not an ONNX/,
    );
  });
});

describe('exportOnnx checks the card before writing it', () => {
  const exportWith = (change: (card: ModelCard) => void) => () => {
    const card = toyDenoiserCard();
    change(card);
    toyBytes(card);
  };

  it('validates it with parseModelCard', () => {
    const error = thrownBy(
      exportWith((card) => ((card as { format: string }).format = 'latentlab-model-card/0')),
    );
    expect(error).toBeInstanceOf(ModelCardError);
    expect(error.message).toMatch(/^exportOnnx: model card field format: /);
    expect(exportWith((card) => (card.denoiser!.classes = -1))).toThrow(
      'exportOnnx: model card field denoiser.classes: expected a non-negative integer, got -1',
    );
  });

  const mismatches: [string, (card: ModelCard) => void, string][] = [
    [
      'a renamed input',
      (card) => (card.inputs[0]!.name = 'sample'),
      "inputs[0].name: input 'sample' is not an input of the graph (its inputs: x, t, y)",
    ],
    [
      'a graph input the card leaves out',
      (card) => card.inputs.pop(),
      "inputs: the graph's input 'y' is not described by the card (it lists x, t)",
    ],
    [
      'a wrong dtype',
      (card) => (card.inputs[1]!.dtype = 'int32'),
      "inputs[1].dtype: input 't' is int32 in the card but float32 in the graph",
    ],
    [
      'a wrong rank',
      (card) => (card.inputs[1]!.shape = ['batch', 1]),
      "inputs[1].shape: input 't' has rank 2 in the card ([batch, 1]) but 1 in the graph ([batch])",
    ],
    [
      'a dynamic dimension the graph fixes',
      (card) => (card.inputs[0]!.shape[1] = 'channels'),
      "inputs[0].shape[1]: input 'x': axis 1 is dynamic ('channels') in the card but fixed to 2 in the graph",
    ],
    [
      'a renamed output',
      (card) => (card.outputs[0]!.name = 'output'),
      "outputs[0].name: output 'output' is not an output of the graph (its outputs: prediction)",
    ],
    [
      'an int32 output',
      (card) => (card.outputs[0]!.dtype = 'int32'),
      "outputs[0].dtype: output 'prediction' is int32 in the card but float32 in the graph",
    ],
  ];
  for (const [what, change, expected] of mismatches) {
    it(`names the tensor for ${what}`, () => {
      const error = thrownBy(exportWith(change)) as ModelCardError;
      expect(error).toBeInstanceOf(ModelCardError);
      expect(error.message).toBe(`exportOnnx: model card field ${expected}`);
    });
  }

  it('names a fixed size that differs', () => {
    const fixedBatch = {
      x: { shape: [4, 2, 3], dtype: 'float32' },
      t: { shape: [4], dtype: 'float32' },
      y: { shape: [4], dtype: 'int32' },
    } as const;
    const card = toyDenoiserCard();
    card.inputs[0]!.shape[0] = 5;
    const error = thrownBy(() =>
      exportOnnx(toyDenoiser, toyDenoiserParams(), fixedBatch, { outputNames: ['prediction'], card }),
    );
    expect(error.message).toBe(
      "exportOnnx: model card field inputs[0].shape[0]: input 'x' has size 5 on axis 0 in the card but 4 in the graph",
    );
  });

  it('accepts a card that fixes a size the graph leaves dynamic', () => {
    const card = toyDenoiserCard();
    card.inputs[0]!.shape[0] = 8;
    expect(readModelCard(toyBytes(card)).inputs[0]!.shape).toEqual([8, 2, 3]);
  });

  it('keeps the card key for the card', () => {
    expect(() => toyBytes(undefined, { [MODEL_CARD_METADATA_KEY]: '{}' })).toThrow(
      "exportOnnx: metadata key 'latentlab.model_card' is reserved for the model card; pass the card as `card`",
    );
    expect(() => toyBytes(undefined, { steps: 4000 as unknown as string })).toThrow(
      "exportOnnx: metadata 'steps' must be a string, got number",
    );
  });

  it('writes no metadata_props without card or metadata (the bytes are as before)', () => {
    const plain = toyBytes();
    expect(toyBytes(undefined, {})).toEqual(plain);
    expect(readOnnxMetadata(plain)).toEqual({});
  });
});

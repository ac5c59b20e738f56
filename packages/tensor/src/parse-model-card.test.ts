import { describe, expect, it } from 'vitest';
import { MODEL_CARD_FORMAT, type ModelCard, ModelCardError } from './model-card.js';
import { parseModelCard } from './parse-model-card.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests break cards field by field, at any depth.
type EditableCard = Record<string, any>;

/** A valid class-conditional MNIST rectified-flow card, as JSON (a fresh copy each call). */
function mnistCard(): EditableCard {
  return {
    format: MODEL_CARD_FORMAT,
    kind: 'denoiser',
    name: 'rf-dit-mnist',
    inputs: [
      { name: 'x', role: 'sample', shape: ['batch', 1, 28, 28], dtype: 'float32' },
      { name: 't', role: 'time', shape: ['batch'], dtype: 'float32' },
      { name: 'y', role: 'class', shape: ['batch'], dtype: 'int32' },
    ],
    outputs: [{ name: 'output', role: 'prediction', shape: ['batch', 1, 28, 28], dtype: 'float32' }],
    denoiser: {
      process: 'rf',
      target: 'velocity',
      classes: 10,
      nullClass: 10,
      sampleShape: [1, 28, 28],
      dataScaling: { scale: 2, shift: -1, description: 'pixels in [−1, 1]' },
    },
    parameters: 1281680,
    training: {
      recipe: 'rf-dit-mnist',
      dataset: 'mnist',
      steps: 4000,
      batchSize: 64,
      seed: 0,
      seconds: 217.5,
    },
    software: { package: '@latentlab/cli', version: '0.1.0', commit: null },
    metrics: [{ fid: 20.0, accuracy: 0.977, samples: 10000, note: null }],
    classLabels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}

/** The ModelCardError `parseModelCard` throws for `value`. */
function errorFor(value: unknown): ModelCardError {
  try {
    parseModelCard(value, 'model.onnx');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelCardError);
    return error as ModelCardError;
  }
  throw new Error('parseModelCard accepted an invalid card');
}

describe('parseModelCard', () => {
  it('accepts a full denoiser card and returns it unchanged', () => {
    const card = mnistCard();
    const parsed: ModelCard = parseModelCard(card, 'model.onnx');
    expect(parsed).toBe(card);
    expect(parsed).toEqual(mnistCard());
  });

  it('accepts a minimal card of every other kind', () => {
    const classifier = {
      format: MODEL_CARD_FORMAT,
      kind: 'classifier',
      name: 'mnist-classifier',
      inputs: [{ name: 'x', role: 'sample', shape: ['batch', 1, 28, 28], dtype: 'float32' }],
      outputs: [
        { name: 'logits', role: 'logits', shape: ['batch', 10], dtype: 'float32' },
        { name: 'features', role: 'features', shape: ['batch', 128], dtype: 'float32' },
      ],
      software: { package: '@latentlab/cli', version: '0.1.0', commit: '177ba3f' },
    };
    expect(parseModelCard(classifier, 'card.json').kind).toBe('classifier');
  });

  it("takes a registered family's own kind only with its `family` section, and no section on a built-in kind", () => {
    const base = {
      format: MODEL_CARD_FORMAT,
      name: 'class-means',
      inputs: [{ name: 'class', role: 'class', shape: ['batch'], dtype: 'int32' }],
      outputs: [{ name: 'x', role: 'sample', shape: ['batch', 1, 28, 28], dtype: 'float32' }],
      software: { package: '@latentlab/runs', version: '0.1.0', commit: null },
    };
    const own = parseModelCard({ ...base, kind: 'class-means', family: { classes: 10 } }, 'm.onnx');
    expect(own.kind).toBe('class-means');
    expect(own.family).toEqual({ classes: 10 });
    expect(() => parseModelCard({ ...base, kind: 'class-means' }, 'm.onnx')).toThrow(
      /m\.onnx: model card field kind: expected one of denoiser, .*, got 'class-means'/,
    );
    expect(() => parseModelCard({ ...base, kind: 'Class Means', family: {} }, 'm.onnx')).toThrow(
      /field kind: expected one of/,
    );
    expect(() => parseModelCard({ ...base, kind: 'class-means', family: [1] }, 'm.onnx')).toThrow(
      /field family: expected a family's own section/,
    );
    expect(() => parseModelCard({ ...base, kind: 'classifier', family: {} }, 'm.onnx')).toThrow(
      /field family: only a card of a family's own kind has one; this card's kind is 'classifier'/,
    );
  });

  it("reads a token model's card with its tokenizer, grid and cache, and names its fields", () => {
    const tokenModel = {
      architecture: 'ar',
      vocabularySize: 512,
      sequenceLength: 49,
      tokenGrid: [7, 7],
      classes: 10,
      nullClass: 10,
      tokenizerId: '0123456789abcdef',
      tokenizer: 'vqvae-mnist',
      kvCache: { layers: 4, heads: 4, headDim: 32 },
      config: { width: 128 },
    };
    const card = {
      format: MODEL_CARD_FORMAT,
      kind: 'token-model',
      name: 'ar-mnist-step',
      inputs: [{ name: 'token', role: 'tokens', shape: ['batch', 1], dtype: 'int32' }],
      outputs: [{ name: 'logits', role: 'logits', shape: ['batch', 512], dtype: 'float32' }],
      tokenModel,
      software: { package: '@latentlab/cli', version: '0.1.0', commit: null },
    };
    expect(parseModelCard(card, 'step.onnx').tokenModel?.kvCache?.headDim).toBe(32);
    const { tokenModel: _, ...bare } = card;
    expect(() => parseModelCard(bare, 'step.onnx')).toThrow(
      "step.onnx: model card field tokenModel: missing; a 'token-model' card needs one",
    );
    expect(() =>
      parseModelCard({ ...card, tokenModel: { ...tokenModel, tokenGrid: [7, 6] } }, 'step.onnx'),
    ).toThrow('tokenModel.tokenGrid: [7, 6] holds 42 tokens, not sequenceLength 49');
    expect(() =>
      parseModelCard({ ...card, tokenModel: { ...tokenModel, nullClass: 3 } }, 'step.onnx'),
    ).toThrow(/tokenModel.nullClass/);
  });

  it("reads an autoencoder's cards, which carry the shared `autoencoder` section, and names its fields", () => {
    const autoencoder = {
      family: 'vqvae',
      imageShape: [1, 28, 28],
      latentShape: [8, 7, 7],
      tokenGrid: [7, 7],
      vocabularySize: 512,
      dataScaling: { scale: 2, shift: -1 },
      tokenizerId: '0123456789abcdef',
      config: { kind: 'vqvae' },
    };
    const decoder = {
      format: MODEL_CARD_FORMAT,
      kind: 'decoder',
      name: 'vqvae-mnist-decoder',
      inputs: [{ name: 'tokens', role: 'tokens', shape: ['batch', 7, 7], dtype: 'int32' }],
      outputs: [{ name: 'x', role: 'sample', shape: ['batch', 1, 28, 28], dtype: 'float32' }],
      autoencoder,
      software: { package: '@latentlab/cli', version: '0.1.0', commit: null },
    };
    for (const kind of ['autoencoder', 'encoder', 'quantizer', 'decoder']) {
      expect(parseModelCard({ ...decoder, kind }, 'card.json').autoencoder?.vocabularySize).toBe(512);
    }
    const { autoencoder: _, ...bare } = decoder;
    expect(() => parseModelCard(bare, 'decoder.onnx')).toThrow(
      "decoder.onnx: model card field autoencoder: missing; a 'decoder' card needs one",
    );
    expect(() =>
      parseModelCard({ ...decoder, autoencoder: { ...autoencoder, vocabularySize: 1 } }, 'decoder.onnx'),
    ).toThrow(/autoencoder.vocabularySize/);
    expect(() =>
      parseModelCard({ ...decoder, autoencoder: { ...autoencoder, tokenGrid: undefined } }, 'decoder.onnx'),
    ).toThrow(/names both tokenGrid and vocabularySize/);
    expect(() => parseModelCard({ ...decoder, kind: 'classifier' }, 'c.onnx')).toThrow(
      "c.onnx: model card field autoencoder: only an autoencoder's cards have one; this card's kind is 'classifier'",
    );
  });

  it('keeps fields it does not know (forward compatible)', () => {
    const card = { ...mnistCard(), license: 'MIT', denoiser: { ...mnistCard()['denoiser'], guidance: 3 } };
    const parsed = parseModelCard(card, 'model.onnx') as unknown as EditableCard;
    expect(parsed['license']).toBe('MIT');
    expect(parsed['denoiser'].guidance).toBe(3);
  });

  it('accepts an unconditional denoiser, process options, and a model without a null class', () => {
    const card = mnistCard();
    card['inputs'].pop();
    card['denoiser'].classes = 0;
    card['denoiser'].nullClass = null;
    card['denoiser'].process = 'edm';
    card['denoiser'].target = 'x0';
    card['denoiser'].processOptions = { sigmaMin: 0.002, sigmaMax: 80, karras: true, spacing: 'log' };
    delete card['classLabels'];
    expect(parseModelCard(card, 'model.onnx').denoiser?.processOptions?.['sigmaMax']).toBe(80);
  });

  it('names a newer format as such', () => {
    const error = errorFor({ ...mnistCard(), format: 'latentlab-model-card/2' });
    expect(error.field).toBe('format');
    expect(error.source).toBe('model.onnx');
    expect(error.message).toBe(
      "model.onnx: model card field format: 'latentlab-model-card/2' is a format this version cannot read " +
        '(written by a newer latentlab? this version reads latentlab-model-card/1)',
    );
  });

  it('refuses what is not a card at all', () => {
    expect(errorFor(null).message).toBe('model.onnx: expected a model card (a JSON object), got null');
    expect(errorFor([mnistCard()]).message).toMatch(/got an array$/);
    expect(errorFor('{}').message).toMatch(/got '\{\}'$/);
    expect(errorFor({}).message).toBe(
      "model.onnx: model card field format: missing; expected 'latentlab-model-card/1' (is this a latentlab model card?)",
    );
    expect(errorFor({ ...mnistCard(), format: 'onnx' }).message).toMatch(
      /format: expected 'latentlab-model-card\/1', got 'onnx'$/,
    );
  });

  /** Each case breaks one field of a valid card; the error must name that field and what was expected. */
  const badCards: [string, (card: EditableCard) => void, string, RegExp][] = [
    [
      'unknown kind',
      (card) => (card['kind'] = 'gan'),
      'kind',
      /expected one of denoiser, autoencoder, classifier, .*token-model, got 'gan'/,
    ],
    ['missing name', (card) => delete card['name'], 'name', /missing; expected a non-empty string/],
    ['empty name', (card) => (card['name'] = ''), 'name', /expected a non-empty string, got ''/],
    ['inputs not an array', (card) => (card['inputs'] = {}), 'inputs', /expected an array, got an object/],
    ['no outputs', (card) => (card['outputs'] = []), 'outputs', /at least one tensor/],
    ['tensor not an object', (card) => (card['inputs'][1] = 't'), 'inputs[1]', /expected an object, got 't'/],
    ['tensor without a name', (card) => delete card['inputs'][2].name, 'inputs[2].name', /missing/],
    [
      'duplicate tensor names',
      (card) => (card['inputs'][2].name = 'x'),
      'inputs[2].name',
      /'x' is also inputs\[0\]\.name/,
    ],
    ['role not a string', (card) => (card['inputs'][0].role = 3), 'inputs[0].role', /got 3/],
    [
      'shape not an array',
      (card) => (card['inputs'][1].shape = 'batch'),
      'inputs[1].shape',
      /expected an array/,
    ],
    [
      'negative dimension',
      (card) => (card['inputs'][0].shape[1] = -1),
      'inputs[0].shape[1]',
      /non-negative integer.*got -1/,
    ],
    ['fractional dimension', (card) => (card['outputs'][0].shape[2] = 2.5), 'outputs[0].shape[2]', /got 2.5/],
    [
      'empty dimension name',
      (card) => (card['inputs'][0].shape[0] = ''),
      'inputs[0].shape[0]',
      /dynamic dimension name/,
    ],
    [
      'int64 dtype',
      (card) => (card['inputs'][2].dtype = 'int64'),
      'inputs[2].dtype',
      /expected one of float32, int32, got 'int64'/,
    ],
    [
      'denoiser without spec',
      (card) => delete card['denoiser'],
      'denoiser',
      /missing; a 'denoiser' card needs one/,
    ],
    [
      'spec on a classifier',
      (card) => (card['kind'] = 'classifier'),
      'denoiser',
      /only a 'denoiser' card has one; this card's kind is 'classifier'/,
    ],
    [
      'process missing',
      (card) => delete card['denoiser'].process,
      'denoiser.process',
      /missing; expected a process name/,
    ],
    [
      'process option object',
      (card) => (card['denoiser'].processOptions = { sigmaMax: [80] }),
      'denoiser.processOptions.sigmaMax',
      /got an array/,
    ],
    [
      'abbreviated target',
      (card) => (card['denoiser'].target = 'eps'),
      'denoiser.target',
      /expected one of x0, epsilon, v, velocity, got 'eps'/,
    ],
    [
      'fractional classes',
      (card) => (card['denoiser'].classes = 9.5),
      'denoiser.classes',
      /non-negative integer, got 9.5/,
    ],
    [
      'missing null class',
      (card) => delete card['denoiser'].nullClass,
      'denoiser.nullClass',
      /missing; expected a label .* or null/,
    ],
    [
      'null class is a real class',
      (card) => (card['denoiser'].nullClass = 3),
      'denoiser.nullClass',
      /3 is a real class \(labels 0 … 9\).*usually 10/,
    ],
    [
      'empty sample shape',
      (card) => (card['denoiser'].sampleShape = []),
      'denoiser.sampleShape',
      /at least one dimension/,
    ],
    [
      'zero-sized sample',
      (card) => (card['denoiser'].sampleShape = [0, 28, 28]),
      'denoiser.sampleShape[0]',
      /integer ≥ 1, got 0/,
    ],
    [
      'sample input of another shape',
      (card) => (card['inputs'][0].shape = ['batch', 1, 32, 32]),
      'inputs[0].shape',
      /\[batch, 1, 32, 32\] does not fit denoiser.sampleShape \[1, 28, 28\]/,
    ],
    [
      'prediction without batch',
      (card) => (card['outputs'][0].shape = [1, 28, 28]),
      'outputs[0].shape',
      /does not fit denoiser.sampleShape/,
    ],
    [
      'missing data scaling',
      (card) => delete card['denoiser'].dataScaling,
      'denoiser.dataScaling',
      /missing; expected an object/,
    ],
    [
      'zero scale',
      (card) => (card['denoiser'].dataScaling.scale = 0),
      'denoiser.dataScaling.scale',
      /non-zero/,
    ],
    [
      'string shift',
      (card) => (card['denoiser'].dataScaling.shift = '-1'),
      'denoiser.dataScaling.shift',
      /finite number, got '-1'/,
    ],
    [
      'sampling start as text',
      (card) => (card['denoiser'].sampling = { spacing: 'karras', tStart: 'high' }),
      'denoiser.sampling.tStart',
      /finite number, got 'high'/,
    ],
    [
      'a student made for half a step',
      (card) => (card['denoiser'].sampling = { steps: 0.5 }),
      'denoiser.sampling.steps',
      /integer/,
    ],
    [
      'a negative default guidance scale',
      (card) => (card['denoiser'].sampling = { guidanceScale: -1 }),
      'denoiser.sampling.guidanceScale',
      /scale ≥ 0/,
    ],
    [
      'latent without its decoder',
      (card) =>
        (card['denoiser'].latent = {
          autoencoderId: 'aaaa',
          autoencoder: 'vae-mnist',
          latentScaling: { scale: 1.5, shift: 0 },
        }),
      'denoiser.latent.decoder',
      /missing; expected a file name such as 'decoder.onnx'/,
    ],
    [
      'latent scale zero',
      (card) =>
        (card['denoiser'].latent = {
          autoencoderId: 'aaaa',
          autoencoder: 'vae-mnist',
          latentScaling: { scale: 0, shift: 0 },
          decoder: 'decoder.onnx',
        }),
      'denoiser.latent.latentScaling.scale',
      /non-zero/,
    ],
    [
      'negative parameter count',
      (card) => (card['parameters'] = -5),
      'parameters',
      /non-negative integer, got -5/,
    ],
    ['training steps as text', (card) => (card['training'].steps = '4000'), 'training.steps', /got '4000'/],
    [
      'zero batch size',
      (card) => (card['training'].batchSize = 0),
      'training.batchSize',
      /integer ≥ 1, got 0/,
    ],
    [
      'negative training time',
      (card) => (card['training'].seconds = -1),
      'training.seconds',
      /non-negative number, got -1/,
    ],
    [
      'settings as a list',
      (card) => (card['training'].settings = []),
      'training.settings',
      /expected an object, got an array/,
    ],
    ['missing software', (card) => delete card['software'], 'software', /missing; expected an object/],
    [
      'missing commit',
      (card) => delete card['software'].commit,
      'software.commit',
      /missing; expected a git commit .* or null/,
    ],
    [
      'metric as an object',
      (card) => (card['metrics'][0].fid = { value: 20 }),
      'metrics[0].fid',
      /finite number, a string or null, got an object/,
    ],
    ['metrics not a list', (card) => (card['metrics'] = { fid: 20 }), 'metrics', /expected an array/],
    [
      'class label as a number',
      (card) => (card['classLabels'][3] = 3),
      'classLabels[3]',
      /expected a string, got 3/,
    ],
    [
      'too few class labels',
      (card) => card['classLabels'].pop(),
      'classLabels',
      /9 labels for denoiser.classes = 10/,
    ],
  ];

  for (const [what, breakCard, field, expected] of badCards) {
    it(`names the field: ${what}`, () => {
      const card = mnistCard();
      breakCard(card);
      const error = errorFor(card);
      expect(error.field).toBe(field);
      expect(error.source).toBe('model.onnx');
      expect(error.message.startsWith(`model.onnx: model card field ${field}: `)).toBe(true);
      expect(error.problem).toMatch(expected);
    });
  }
});

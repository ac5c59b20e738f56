import {
  AUTOENCODER_CARD_KINDS,
  DENOISER_TARGETS,
  MODEL_CARD_DTYPES,
  MODEL_CARD_FORMAT,
  MODEL_KINDS,
  type ModelCard,
  ModelCardError,
} from './model-card.js';

type JsonRecord = Record<string, unknown>;

const FORMAT_FAMILY = MODEL_CARD_FORMAT.slice(0, MODEL_CARD_FORMAT.lastIndexOf('/') + 1);

/**
 * Validates a model card (typically `JSON.parse` of one) field by field and returns it, typed. Throws a
 * ModelCardError naming `source`, the field path and what was expected:
 * "model.onnx: model card field denoiser.target: expected one of x0, epsilon, v, velocity, got 'eps'".
 * Fields this version does not know are kept, so a card written by a newer minor version still reads.
 * The returned card is `value` itself (not a copy).
 */
export function parseModelCard(value: unknown, source: string): ModelCard {
  const fields: FieldReader = new FieldReader(source);
  if (!isRecord(value)) {
    throw new ModelCardError(source, '', `expected a model card (a JSON object), got ${describe(value)}`);
  }
  readFormat(value['format'], fields);
  // A family beyond the built-in ones names its own kind and carries its own `family` section.
  const kind =
    value['family'] !== undefined &&
    typeof value['kind'] === 'string' &&
    /^[a-z][a-z0-9-]*$/.test(value['kind'])
      ? value['kind']
      : fields.oneOf(value['kind'], 'kind', MODEL_KINDS);
  if (value['family'] !== undefined) {
    if (!isRecord(value['family']))
      fields.expected('family', "a family's own section (a JSON object)", value['family']);
    if ((MODEL_KINDS as readonly string[]).includes(kind)) {
      fields.fail('family', `only a card of a family's own kind has one; this card's kind is '${kind}'`);
    }
  }
  fields.text(value['name'], 'name');
  readTensors(value['inputs'], 'inputs', fields);
  readTensors(value['outputs'], 'outputs', fields);
  if (kind === 'denoiser') {
    if (value['denoiser'] === undefined) fields.fail('denoiser', "missing; a 'denoiser' card needs one");
    readDenoiser(value['denoiser'], fields);
  } else if (value['denoiser'] !== undefined) {
    fields.fail('denoiser', `only a 'denoiser' card has one; this card's kind is '${kind}'`);
  }
  if ((AUTOENCODER_CARD_KINDS as readonly string[]).includes(kind)) {
    if (value['autoencoder'] === undefined) fields.fail('autoencoder', `missing; a '${kind}' card needs one`);
    readAutoencoder(value['autoencoder'], fields);
  } else if (value['autoencoder'] !== undefined) {
    fields.fail('autoencoder', `only an autoencoder's cards have one; this card's kind is '${kind}'`);
  }
  if (kind === 'token-model') {
    if (value['tokenModel'] === undefined)
      fields.fail('tokenModel', "missing; a 'token-model' card needs one");
    readTokenModel(value['tokenModel'], fields);
  } else if (value['tokenModel'] !== undefined) {
    fields.fail('tokenModel', `only a 'token-model' card has one; this card's kind is '${kind}'`);
  }
  if (value['parameters'] !== undefined) fields.integer(value['parameters'], 'parameters', 0);
  if (value['training'] !== undefined) readTraining(value['training'], fields);
  readSoftware(value['software'], fields);
  if (value['metrics'] !== undefined) readMetrics(value['metrics'], fields);
  if (value['classLabels'] !== undefined) {
    fields.array(value['classLabels'], 'classLabels').forEach((label, index) => {
      fields.text(label, `classLabels[${index}]`, 'a string', true);
    });
  }
  const card = value as unknown as ModelCard;
  checkDenoiserAgreement(card, fields);
  return card;
}

function readShape(value: unknown, path: string, fields: FieldReader): void {
  const shape = fields.array(value, path);
  if (shape.length === 0) fields.fail(path, 'expected at least one dimension, got []');
  shape.forEach((dim, axis) => {
    fields.integer(dim, `${path}[${axis}]`, 1);
  });
}

function readScaling(value: unknown, path: string, fields: FieldReader): void {
  const scaling = fields.record(value, path);
  const scale = fields.finite(scaling['scale'], `${path}.scale`);
  if (scale === 0) fields.fail(`${path}.scale`, 'expected a non-zero number, got 0');
  fields.finite(scaling['shift'], `${path}.shift`);
}

function readAutoencoder(value: unknown, fields: FieldReader): void {
  const spec = fields.record(value, 'autoencoder');
  fields.text(spec['family'], 'autoencoder.family', "a family such as 'vae', 'vqvae' or 'fsq'");
  readShape(spec['imageShape'], 'autoencoder.imageShape', fields);
  readShape(spec['latentShape'], 'autoencoder.latentShape', fields);
  if (spec['tokenGrid'] !== undefined) readShape(spec['tokenGrid'], 'autoencoder.tokenGrid', fields);
  if (spec['vocabularySize'] !== undefined)
    fields.integer(spec['vocabularySize'], 'autoencoder.vocabularySize', 2);
  if ((spec['tokenGrid'] === undefined) !== (spec['vocabularySize'] === undefined)) {
    fields.fail('autoencoder', 'a tokenizer names both tokenGrid and vocabularySize (a VAE names neither)');
  }
  readScaling(spec['dataScaling'], 'autoencoder.dataScaling', fields);
  if (spec['latentScaling'] !== undefined)
    readScaling(spec['latentScaling'], 'autoencoder.latentScaling', fields);
  if (spec['tokenizerId'] !== undefined) fields.text(spec['tokenizerId'], 'autoencoder.tokenizerId');
  if (spec['autoencoderId'] !== undefined) fields.text(spec['autoencoderId'], 'autoencoder.autoencoderId');
  fields.record(spec['config'], 'autoencoder.config');
}

function readTokenModel(value: unknown, fields: FieldReader): void {
  const spec = fields.record(value, 'tokenModel');
  fields.text(spec['architecture'], 'tokenModel.architecture', "an architecture such as 'ar' or 'maskgit'");
  fields.integer(spec['vocabularySize'], 'tokenModel.vocabularySize', 2);
  const length = fields.integer(spec['sequenceLength'], 'tokenModel.sequenceLength', 1);
  readShape(spec['tokenGrid'], 'tokenModel.tokenGrid', fields);
  const cells = (spec['tokenGrid'] as number[]).reduce((product, dim) => product * dim, 1);
  if (cells !== length) {
    fields.fail(
      'tokenModel.tokenGrid',
      `[${(spec['tokenGrid'] as number[]).join(', ')}] holds ${cells} tokens, not sequenceLength ${length}`,
    );
  }
  const classes = fields.integer(spec['classes'], 'tokenModel.classes', 0);
  if (spec['nullClass'] !== null)
    fields.integer(
      spec['nullClass'],
      'tokenModel.nullClass',
      classes,
      `an integer ≥ ${classes} (not a real class) or null`,
    );
  fields.text(spec['tokenizerId'], 'tokenModel.tokenizerId');
  fields.text(spec['tokenizer'], 'tokenModel.tokenizer');
  if (spec['kvCache'] !== undefined) {
    const cache = fields.record(spec['kvCache'], 'tokenModel.kvCache');
    for (const field of ['layers', 'heads', 'headDim'])
      fields.integer(cache[field], `tokenModel.kvCache.${field}`, 1);
  }
  fields.record(spec['config'], 'tokenModel.config');
}

function readFormat(format: unknown, fields: FieldReader): void {
  if (format === MODEL_CARD_FORMAT) return;
  if (format === undefined) {
    fields.fail('format', `missing; expected '${MODEL_CARD_FORMAT}' (is this a latentlab model card?)`);
  }
  if (typeof format === 'string' && format.startsWith(FORMAT_FAMILY)) {
    fields.fail(
      'format',
      `'${format}' is a format this version cannot read (written by a newer latentlab? ` +
        `this version reads ${MODEL_CARD_FORMAT})`,
    );
  }
  fields.fail('format', `expected '${MODEL_CARD_FORMAT}', got ${describe(format)}`);
}

function readTensors(value: unknown, path: string, fields: FieldReader): void {
  const tensors = fields.array(value, path);
  if (tensors.length === 0) fields.fail(path, 'expected at least one tensor, got an empty array');
  const seen = new Map<string, number>();
  tensors.forEach((entry, index) => {
    const at = `${path}[${index}]`;
    const tensor = fields.record(entry, at);
    const name = fields.text(tensor['name'], `${at}.name`);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      fields.fail(`${at}.name`, `'${name}' is also ${path}[${earlier}].name; names must be distinct`);
    }
    seen.set(name, index);
    fields.text(tensor['role'], `${at}.role`);
    fields.array(tensor['shape'], `${at}.shape`).forEach((dim, axis) => {
      const valid =
        typeof dim === 'string' ? dim.length > 0 : Number.isSafeInteger(dim) && (dim as number) >= 0;
      if (!valid) {
        fields.expected(
          `${at}.shape[${axis}]`,
          'a size (a non-negative integer) or a dynamic dimension name (a non-empty string)',
          dim,
        );
      }
    });
    fields.oneOf(tensor['dtype'], `${at}.dtype`, MODEL_CARD_DTYPES);
  });
}

function readDenoiser(value: unknown, fields: FieldReader): void {
  const denoiser = fields.record(value, 'denoiser');
  fields.text(denoiser['process'], 'denoiser.process', "a process name such as 'rf', 'vp-cosine' or 'edm'");
  if (denoiser['processOptions'] !== undefined) {
    const options = fields.record(denoiser['processOptions'], 'denoiser.processOptions');
    for (const [key, option] of Object.entries(options)) {
      const valid = typeof option === 'boolean' || typeof option === 'string' || Number.isFinite(option);
      if (!valid) {
        fields.expected(`denoiser.processOptions.${key}`, 'a finite number, a boolean or a string', option);
      }
    }
  }
  fields.oneOf(denoiser['target'], 'denoiser.target', DENOISER_TARGETS);
  fields.integer(denoiser['classes'], 'denoiser.classes', 0);
  if (denoiser['nullClass'] !== null) {
    fields.integer(
      denoiser['nullClass'],
      'denoiser.nullClass',
      0,
      'a label (a non-negative integer) or null',
    );
  }
  const sampleShape = fields.array(denoiser['sampleShape'], 'denoiser.sampleShape');
  if (sampleShape.length === 0)
    fields.fail('denoiser.sampleShape', 'expected at least one dimension, got []');
  sampleShape.forEach((dim, axis) => {
    fields.integer(dim, `denoiser.sampleShape[${axis}]`, 1);
  });
  const scaling = fields.record(denoiser['dataScaling'], 'denoiser.dataScaling');
  const scale = fields.finite(scaling['scale'], 'denoiser.dataScaling.scale');
  if (scale === 0) fields.fail('denoiser.dataScaling.scale', 'expected a non-zero number, got 0');
  fields.finite(scaling['shift'], 'denoiser.dataScaling.shift');
  if (scaling['description'] !== undefined) {
    fields.text(scaling['description'], 'denoiser.dataScaling.description', 'a string', true);
  }
  if (denoiser['sampling'] !== undefined) {
    const sampling = fields.record(denoiser['sampling'], 'denoiser.sampling');
    if (sampling['spacing'] !== undefined) {
      fields.text(
        sampling['spacing'],
        'denoiser.sampling.spacing',
        "a spacing name such as 'linspace' or 'karras'",
      );
    }
    if (sampling['tStart'] !== undefined) fields.finite(sampling['tStart'], 'denoiser.sampling.tStart');
    if (sampling['steps'] !== undefined) fields.integer(sampling['steps'], 'denoiser.sampling.steps', 1);
    if (sampling['guidanceScale'] !== undefined) {
      const scale = fields.finite(sampling['guidanceScale'], 'denoiser.sampling.guidanceScale');
      if (scale < 0) fields.expected('denoiser.sampling.guidanceScale', 'a scale ≥ 0', scale);
    }
    if (sampling['clipDenoised'] !== undefined) {
      const range = fields.array(sampling['clipDenoised'], 'denoiser.sampling.clipDenoised');
      const [low, high] = range.map((bound, index) =>
        fields.finite(bound, `denoiser.sampling.clipDenoised[${index}]`),
      );
      if (range.length !== 2 || !(low! < high!)) {
        fields.expected('denoiser.sampling.clipDenoised', '[low, high] with low < high', range);
      }
    }
  }
  if (denoiser['latent'] !== undefined) {
    const latent = fields.record(denoiser['latent'], 'denoiser.latent');
    fields.text(latent['autoencoderId'], 'denoiser.latent.autoencoderId');
    fields.text(latent['autoencoder'], 'denoiser.latent.autoencoder');
    readScaling(latent['latentScaling'], 'denoiser.latent.latentScaling', fields);
    fields.text(latent['decoder'], 'denoiser.latent.decoder', "a file name such as 'decoder.onnx'");
  }
}

function readTraining(value: unknown, fields: FieldReader): void {
  const training = fields.record(value, 'training');
  fields.text(training['recipe'], 'training.recipe');
  fields.text(training['dataset'], 'training.dataset');
  fields.integer(training['steps'], 'training.steps', 0);
  fields.integer(training['batchSize'], 'training.batchSize', 1);
  fields.integer(training['seed'], 'training.seed', 0);
  const seconds = fields.finite(training['seconds'], 'training.seconds');
  if (seconds < 0) fields.expected('training.seconds', 'a non-negative number', seconds);
  if (training['settings'] !== undefined) fields.record(training['settings'], 'training.settings');
}

function readSoftware(value: unknown, fields: FieldReader): void {
  const software = fields.record(value, 'software');
  fields.text(software['package'], 'software.package', "a package name such as '@latentlab/cli'");
  fields.text(software['version'], 'software.version');
  if (software['commit'] !== null) {
    fields.text(software['commit'], 'software.commit', 'a git commit (a non-empty string) or null');
  }
}

function readMetrics(value: unknown, fields: FieldReader): void {
  fields.array(value, 'metrics').forEach((entry, index) => {
    const record = fields.record(entry, `metrics[${index}]`);
    for (const [key, metric] of Object.entries(record)) {
      if (metric !== null && typeof metric !== 'string' && !Number.isFinite(metric)) {
        fields.expected(`metrics[${index}].${key}`, 'a finite number, a string or null', metric);
      }
    }
  });
}

/** The fields of a denoiser card that must agree with each other. */
function checkDenoiserAgreement(card: ModelCard, fields: FieldReader): void {
  const denoiser = card.denoiser;
  if (denoiser === undefined) return;
  const { classes, nullClass, sampleShape } = denoiser;
  if (nullClass !== null && nullClass < classes) {
    fields.fail(
      'denoiser.nullClass',
      `${nullClass} is a real class (labels 0 … ${classes - 1}); the null class must be none of them, usually ${classes}`,
    );
  }
  const sampleLike: [ModelCard['inputs'], string, string][] = [
    [card.inputs, 'inputs', 'sample'],
    [card.outputs, 'outputs', 'prediction'],
  ];
  for (const [tensors, path, role] of sampleLike) {
    tensors.forEach((tensor, index) => {
      if (tensor.role !== role) return;
      const fits =
        tensor.shape.length === sampleShape.length + 1 &&
        sampleShape.every((size, axis) => {
          const dim = tensor.shape[axis + 1];
          return typeof dim === 'string' || dim === size;
        });
      if (!fits) {
        fields.fail(
          `${path}[${index}].shape`,
          `[${tensor.shape.join(', ')}] does not fit denoiser.sampleShape [${sampleShape.join(', ')}]; ` +
            `a '${role}' tensor is (batch, ${sampleShape.join(', ')})`,
        );
      }
    });
  }
  if (card.classLabels !== undefined && card.classLabels.length !== classes) {
    fields.fail(
      'classLabels',
      `${card.classLabels.length} labels for denoiser.classes = ${classes}; expected one name per class`,
    );
  }
}

/** Typed reads of one card's fields; every failure is a ModelCardError naming the source and the path. */
class FieldReader {
  constructor(private readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new ModelCardError(this.source, path, problem);
  }

  expected(path: string, what: string, value: unknown): never {
    this.fail(
      path,
      value === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describe(value)}`,
    );
  }

  record(value: unknown, path: string): JsonRecord {
    if (!isRecord(value)) this.expected(path, 'an object', value);
    return value;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.expected(path, 'an array', value);
    return value;
  }

  text(value: unknown, path: string, what = 'a non-empty string', allowEmpty = false): string {
    if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) this.expected(path, what, value);
    return value;
  }

  finite(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.expected(path, 'a finite number', value);
    return value;
  }

  integer(value: unknown, path: string, minimum: number, what?: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
      this.expected(
        path,
        what ?? (minimum === 0 ? 'a non-negative integer' : `an integer ≥ ${minimum}`),
        value,
      );
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
    if (!options.includes(value as T)) this.expected(path, `one of ${options.join(', ')}`, value);
    return value as T;
  }
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message shows it: strings quoted (and cut when long), arrays and objects by kind. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

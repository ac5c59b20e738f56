/** What the app's manifest (models/manifest.json) lists: the shipped models, their files and provenance. */
export const MANIFEST_FORMAT = 'latentlab.compare-manifest/1';

/** The panels a model can fill. */
export const MODEL_KINDS = ['diffusion', 'autoregressive', 'masked', 'flow-2d'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The files of each kind, by role: a denoiser (and a latent one's decoder), a token model and its decoder. */
export const FILE_ROLES: Record<ModelKind, { required: string[]; optional: string[] }> = {
  diffusion: { required: ['denoiser'], optional: ['decoder'] },
  autoregressive: { required: ['tokens', 'decoder'], optional: [] },
  masked: { required: ['tokens', 'decoder'], optional: [] },
  'flow-2d': { required: ['denoiser'], optional: [] },
};

export interface ManifestFile {
  role: string;
  /** Relative to the manifest. */
  file: string;
  bytes: number;
  sha256: string;
}

export interface ManifestModel {
  /** Unique, e.g. 'rf-dit-mnist'. */
  name: string;
  kind: ModelKind;
  /** What the panel calls it, e.g. 'Pixel DiT (rectified flow)'. */
  title: string;
  dataset: string;
  /** How the page names the data set, e.g. 'Fashion-MNIST' (default: the data set's name). */
  datasetTitle?: string;
  /** The classes of its labels (its card's `denoiser.classes` / `tokenModel.classes`). */
  classes?: number;
  /** Human-readable class names from its card, index = label. */
  classLabels?: string[];
  recipe: string;
  steps: number;
  trainingSeconds: number | null;
  commit: string | null;
  parameters: number | null;
  files: ManifestFile[];
  /** `latentlab eval` records carried by the model's card (FID, floor, accuracy, settings). */
  metrics: Record<string, number | string | null>[];
  /**
   * The sampling its card asks for when it differs from the panel's defaults: a distilled few-step
   * student's steps, and guidance scale 1 where guidance is baked in. Selecting the model sets the knobs.
   */
  sampling?: { steps?: number; guidanceScale?: number };
}

export interface Manifest {
  format: string;
  models: ManifestModel[];
}

/** A manifest that is not what the app expects: names the file, the field and what was expected. */
export class ManifestError extends Error {
  override name = 'ManifestError';
  constructor(source: string, field: string, problem: string) {
    super(`${source}: ${field === '' ? '' : `${field}: `}${problem}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates a parsed manifest.json; throws a ManifestError at the first problem. */
export function parseManifest(value: unknown, source = 'manifest.json'): Manifest {
  const fail = (field: string, problem: string): never => {
    throw new ManifestError(source, field, problem);
  };
  if (!isObject(value)) fail('', 'expected a JSON object');
  const manifest = value as Json;
  if (manifest['format'] !== MANIFEST_FORMAT)
    fail('format', `expected '${MANIFEST_FORMAT}', got ${JSON.stringify(manifest['format'])}`);
  if (!Array.isArray(manifest['models'])) fail('models', 'expected an array');
  const names = new Set<string>();
  const models = (manifest['models'] as unknown[]).map((entry, index): ManifestModel => {
    const at = `models[${index}]`;
    if (!isObject(entry)) fail(at, 'expected an object');
    const model = entry as Json;
    const text = (field: string) => {
      const got = model[field];
      if (typeof got !== 'string' || got === '') fail(`${at}.${field}`, 'expected a non-empty string');
      return got as string;
    };
    const countOrNull = (field: string) => {
      const got = model[field];
      if (got === null || got === undefined) return null;
      if (typeof got !== 'number' || !Number.isFinite(got) || got < 0)
        fail(`${at}.${field}`, 'expected a non-negative number or null');
      return got as number;
    };
    const name = text('name');
    if (names.has(name)) fail(`${at}.name`, `'${name}' is listed twice`);
    names.add(name);
    const kind = text('kind') as ModelKind;
    if (!MODEL_KINDS.includes(kind))
      fail(`${at}.kind`, `expected one of ${MODEL_KINDS.join(', ')}, got '${kind}'`);
    if (!Array.isArray(model['files'])) fail(`${at}.files`, 'expected an array');
    const files = (model['files'] as unknown[]).map((file, fileIndex) =>
      parseFile(file, `${at}.files[${fileIndex}]`, fail),
    );
    const roles = files.map((file) => file.role);
    const { required, optional } = FILE_ROLES[kind];
    for (const role of required)
      if (!roles.includes(role)) fail(`${at}.files`, `a model of kind ${kind} needs a '${role}' file`);
    for (const role of roles)
      if (![...required, ...optional].includes(role))
        fail(
          `${at}.files`,
          `a model of kind ${kind} has no '${role}' file (expected ${[...required, ...optional].join(', ')})`,
        );
    const metrics = model['metrics'] ?? [];
    if (!Array.isArray(metrics) || !metrics.every(isObject))
      fail(`${at}.metrics`, 'expected an array of objects');
    const sampling = model['sampling'];
    if (sampling !== undefined) {
      if (!isObject(sampling)) fail(`${at}.sampling`, 'expected an object');
      const { steps, guidanceScale } = sampling as Json;
      if (steps !== undefined && !(Number.isInteger(steps) && (steps as number) >= 1))
        fail(`${at}.sampling.steps`, `expected a positive integer, got ${JSON.stringify(steps)}`);
      if (
        guidanceScale !== undefined &&
        !(typeof guidanceScale === 'number' && Number.isFinite(guidanceScale) && guidanceScale >= 0)
      )
        fail(`${at}.sampling.guidanceScale`, `expected a number ≥ 0, got ${JSON.stringify(guidanceScale)}`);
    }
    const classes = model['classes'];
    if (classes !== undefined && !(Number.isInteger(classes) && (classes as number) >= 1))
      fail(`${at}.classes`, `expected a positive integer, got ${JSON.stringify(classes)}`);
    const classLabels = model['classLabels'];
    if (
      classLabels !== undefined &&
      !(Array.isArray(classLabels) && classLabels.every((label) => typeof label === 'string'))
    )
      fail(`${at}.classLabels`, 'expected an array of strings');
    const datasetTitle = model['datasetTitle'];
    if (datasetTitle !== undefined && (typeof datasetTitle !== 'string' || datasetTitle === ''))
      fail(`${at}.datasetTitle`, 'expected a non-empty string');
    return {
      name,
      kind,
      title: text('title'),
      dataset: text('dataset'),
      ...(datasetTitle !== undefined ? { datasetTitle: datasetTitle as string } : {}),
      ...(classes !== undefined ? { classes: classes as number } : {}),
      ...(classLabels !== undefined ? { classLabels: classLabels as string[] } : {}),
      recipe: text('recipe'),
      steps: countOrNull('steps') ?? fail(`${at}.steps`, 'expected a number'),
      trainingSeconds: countOrNull('trainingSeconds'),
      commit: (model['commit'] as string | null | undefined) ?? null,
      parameters: countOrNull('parameters'),
      files,
      metrics: metrics as ManifestModel['metrics'],
      ...(sampling !== undefined ? { sampling: sampling as ManifestModel['sampling'] } : {}),
    };
  });
  return { format: MANIFEST_FORMAT, models };
}

function parseFile(
  value: unknown,
  at: string,
  fail: (field: string, problem: string) => never,
): ManifestFile {
  if (!isObject(value)) fail(at, 'expected an object');
  const file = value as Json;
  if (typeof file['role'] !== 'string') fail(`${at}.role`, 'expected a string');
  if (typeof file['file'] !== 'string' || !/^([\w.-]+\/)?[\w.-]+\.onnx$/.test(file['file'] as string))
    fail(`${at}.file`, 'expected a file name ending in .onnx, beside the manifest or one folder below it');
  if (typeof file['bytes'] !== 'number' || !Number.isInteger(file['bytes']) || (file['bytes'] as number) <= 0)
    fail(`${at}.bytes`, 'expected a positive integer');
  if (typeof file['sha256'] !== 'string' || !/^[0-9a-f]{64}$/.test(file['sha256'] as string))
    fail(`${at}.sha256`, 'expected 64 lowercase hex characters');
  return file as unknown as ManifestFile;
}

import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CliError,
  CountProgress,
  DEFAULT_SAMPLE_BATCH,
  type DrawBatches,
  encodePng,
  familyOfCard,
  familyOfRun,
  gatherBatches,
  imageGrid,
  NON_NEGATIVE,
  NpyWriter,
  POSITIVE_INTEGER,
  readAnyRunState,
  readOnnxModel,
  renderSamples,
  requireWritableOutput,
  SAMPLING_ENGINES,
  type SamplePlan,
  type SamplingEngine,
  TOKEN_DECODER_FILE,
} from '@latentlab/runs';
import { SAMPLER_NAMES, type SamplerName } from '@latentlab/samplers';
import { BACKEND_NAMES, type BackendName } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { type FlagSpecs, parseFlags } from '../arguments.js';

export const SAMPLE_FORMATS = ['png', 'npy', 'pngs'] as const;
type SampleFormat = (typeof SAMPLE_FORMATS)[number];

export const SAMPLE_FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', description: 'run directory written by latentlab train (or give --onnx)' },
  onnx: {
    kind: 'string',
    description:
      'sample an exported .onnx with onnxruntime-node (its model card says how: a denoiser, or an AR / MaskGIT token model); no --checkpoint needed',
  },
  decoder: {
    kind: 'string',
    description: `with --onnx of a token model: its tokenizer's decoder.onnx (default: ${TOKEN_DECODER_FILE} beside it)`,
  },
  out: {
    kind: 'string',
    description:
      'output: a grid PNG (png), an .npy of images in [0, 1] plus its .labels.npy (npy), or a folder (pngs)',
  },
  format: {
    kind: 'choice',
    choices: SAMPLE_FORMATS,
    default: 'png',
    description:
      'png: one grid, a class per row; npy: (N, H, W) float32 and (N) int32 labels; pngs: one PNG per sample',
  },
  sampler: {
    kind: 'choice',
    choices: [...SAMPLER_NAMES],
    default: 'euler',
    description: 'sampler (consistency: a consistency model only)',
  },
  steps: {
    kind: 'integer',
    range: POSITIVE_INTEGER,
    default: 20,
    description: 'sampling steps (a MaskGIT run: decoding iterations)',
  },
  cfg: { kind: 'number', range: NON_NEGATIVE, default: 2, description: 'guidance scale (1 = no guidance)' },
  classes: { kind: 'integer-list', range: NON_NEGATIVE, description: 'classes, one row each (default: all)' },
  'per-class': {
    kind: 'integer',
    range: POSITIVE_INTEGER,
    description: 'samples per class (default: 8 images, 512 points)',
  },
  seed: { kind: 'integer', range: NON_NEGATIVE, default: 0, description: 'seed of the starting noise' },
  'batch-size': {
    kind: 'integer',
    range: POSITIVE_INTEGER,
    default: DEFAULT_SAMPLE_BATCH,
    description: 'samples per model batch (memory is that of one batch)',
  },
  scale: {
    kind: 'integer',
    range: { min: 1, max: 8 },
    default: 1,
    description: 'draw each pixel as an N×N block',
  },
  labels: { kind: 'true-false', default: true, description: 'class labels left of the grid rows' },
  engine: {
    kind: 'choice',
    choices: SAMPLING_ENGINES,
    default: 'onnx',
    description: 'a checkpoint runs as a verified in-memory ONNX export (onnx) or on tfjs',
  },
  backend: {
    kind: 'choice',
    choices: BACKEND_NAMES,
    default: 'auto',
    description: 'tfjs backend (engine tfjs)',
  },
  force: {
    kind: 'boolean',
    description: 'replace an existing --out file (or fill a non-empty --out folder)',
  },
};

export async function sampleCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, SAMPLE_FLAGS, 'sample');
  const get = <T>(name: string) => flags.get(name) as T;
  const checkpoint = get<string | undefined>('checkpoint');
  const out = get<string | undefined>('out');
  const onnx = get<string | undefined>('onnx');
  if ((!checkpoint && !onnx) || !out) {
    throw new CliError('--checkpoint DIR (or --onnx FILE) and --out are required (latentlab sample --help)');
  }
  const format = get<SampleFormat>('format');
  const force = flags.get('force') === true;
  const labelsPath = `${out.replace(/\.npy$/, '')}.labels.npy`;
  if (format === 'pngs') requireEmptyFolder(out, force);
  else requireWritableOutput(out, 'out', force);
  if (format === 'npy') requireWritableOutput(labelsPath, 'out', force);
  const scale = get<number>('scale');
  const onnxModel = onnx ? readOnnxModel(onnx) : undefined;
  const family = onnxModel
    ? familyOfCard(onnxModel.card, onnxModel.path)
    : familyOfRun(readAnyRunState(checkpoint!));
  if (!onnxModel && family.sampleGrid) {
    const drawn = await family.sampleGrid({
      checkpoint: checkpoint!,
      out,
      format,
      classes: flags.get('classes') as number[] | undefined,
      perClass: flags.get('per-class') as number | undefined,
      guidanceScale: get<number>('cfg'),
      steps: get<number>('steps'),
      seed: get<number>('seed'),
      scale,
      rowLabels: get<boolean>('labels'),
    });
    process.stdout.write(`wrote ${drawn} images to ${out}\n`);
    return;
  }
  if (!family.streamSamples) {
    throw new CliError(
      `${onnx}: its model card says kind '${onnxModel!.card.kind}', a graph of ${family.noun}: sample its run (--checkpoint DIR) instead`,
    );
  }
  let progress: CountProgress | undefined;
  /** Writes what `draw` draws, batch by batch, in the asked format (a grid PNG needs them all first). */
  const write = async (plan: SamplePlan, draw: DrawBatches) => {
    progress = new CountProgress(process.stderr, 'sampling', plan.total);
    const withProgress: DrawBatches = (onBatch) =>
      draw(async (batch) => {
        await onBatch(batch);
        progress!.advance(batch.labels.length);
      });
    if (format === 'png') {
      const size = plan.sampleShape.reduce((product, dim) => product * dim, 1);
      const { samples, labels } = await gatherBatches(plan.total, size, withProgress);
      const raster = renderSamples(plan.sampleShape, samples, labels, plan.rows.length, plan.perClass, {
        scale,
        rowLabels: get<boolean>('labels'),
      });
      writeFileAtomic(out, encodePng(raster));
    } else if (format === 'npy') {
      await writeNpy(out, labelsPath, plan, withProgress);
    } else {
      await writePngs(out, plan, scale, withProgress);
    }
  };
  await family.streamSamples(
    {
      ...(checkpoint !== undefined && !onnxModel ? { checkpoint } : {}),
      ...(onnxModel ? { onnx: onnxModel } : {}),
      ...(flags.get('decoder') !== undefined ? { decoder: get<string>('decoder') } : {}),
      engine: get<SamplingEngine>('engine'),
      backend: get<BackendName>('backend'),
      sampler: get<SamplerName>('sampler'),
      steps: get<number>('steps'),
      guidanceScale: get<number>('cfg'),
      ...(flags.get('classes') !== undefined ? { classes: get<number[]>('classes') } : {}),
      ...(flags.get('per-class') !== undefined ? { perClass: get<number>('per-class') } : {}),
      seed: get<number>('seed'),
      batchSize: get<number>('batch-size'),
    },
    write,
  );
  const written = format === 'npy' ? `${out} and ${labelsPath}` : out;
  process.stdout.write(`wrote ${progress?.done ?? 0} samples to ${written}\n`);
}

/** Images (N, H, W) (or (N, C, H, W), or points (N, D)) in [0, 1] and labels (N), a batch at a time. */
async function writeNpy(out: string, labelsPath: string, plan: SamplePlan, draw: DrawBatches) {
  const isImage = plan.sampleShape.length === 3;
  const shape = isImage && plan.sampleShape[0] === 1 ? plan.sampleShape.slice(1) : plan.sampleShape;
  const images = new NpyWriter(out, '<f4', [plan.total, ...shape]);
  const labels = new NpyWriter(labelsPath, '<i4', [plan.total]);
  await draw(async (batch) => {
    images.append(
      isImage ? batch.samples.map((value) => Math.min(1, Math.max(0, (value + 1) / 2))) : batch.samples,
    );
    labels.append(batch.labels);
  });
  images.close();
  labels.close();
}

/** One PNG per image: `OUT/000123-class7.png`. */
async function writePngs(out: string, plan: SamplePlan, scale: number, draw: DrawBatches) {
  if (plan.sampleShape.length !== 3)
    throw new CliError('--format pngs needs image samples; use npy for points');
  mkdirSync(out, { recursive: true });
  const size = plan.sampleShape.reduce((product, dim) => product * dim, 1);
  const digits = String(plan.total - 1).length;
  await draw(async (batch) => {
    for (let index = 0; index < batch.labels.length; index++) {
      const image = batch.samples.subarray(index * size, (index + 1) * size);
      const name = `${String(batch.start + index).padStart(digits, '0')}-class${batch.labels[index]}.png`;
      writeFileAtomic(join(out, name), encodePng(imageGrid(image, 1, 1, plan.sampleShape, { scale })));
    }
  });
}

function requireEmptyFolder(out: string, force: boolean): void {
  if (existsSync(out) && readdirSync(out).length > 0 && !force) {
    throw new CliError(`--out ${out} is a folder with files in it: --force writes into it anyway`);
  }
}

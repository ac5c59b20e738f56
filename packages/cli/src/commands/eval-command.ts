import {
  CliError,
  CountProgress,
  DEFAULT_SAMPLE_BATCH,
  EVAL_FILE,
  evaluateTrainedRun,
  NON_NEGATIVE,
  POSITIVE_INTEGER,
  SAMPLING_ENGINES,
  type SamplingEngine,
  UNIT_INTERVAL,
} from '@latentlab/runs';
import { SAMPLER_NAMES, type SamplerName } from '@latentlab/samplers';
import { BACKEND_NAMES, type BackendName } from '@latentlab/tfjs';
import { type FlagSpecs, parseFlags } from '../arguments.js';

export const EVAL_FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', description: 'run directory written by latentlab train --out' },
  samples: {
    kind: 'integer',
    range: POSITIVE_INTEGER,
    default: 10_000,
    description:
      'samples per setting, balanced over the 10 classes (an autoencoder: test images reconstructed)',
  },
  steps: {
    kind: 'integer-list',
    range: POSITIVE_INTEGER,
    default: [20],
    description: 'sampling steps, one or a comma list, e.g. 20,50',
  },
  cfg: {
    kind: 'number-list',
    range: NON_NEGATIVE,
    default: [2],
    description: 'guidance scales, one or a comma list, e.g. 1,2,4',
  },
  sampler: {
    kind: 'choice',
    choices: [...SAMPLER_NAMES],
    default: 'euler',
    description: 'sampler (consistency: a consistency model only)',
  },
  seed: { kind: 'integer', range: NON_NEGATIVE, default: 0, description: 'seed of the starting noise' },
  reference: {
    kind: 'integer',
    range: POSITIVE_INTEGER,
    description:
      'compare with the first N test images (default all 10000; fewer is faster but biases FID up)',
  },
  'batch-size': {
    kind: 'integer',
    range: POSITIVE_INTEGER,
    default: DEFAULT_SAMPLE_BATCH,
    description: 'samples per model batch (memory is that of one batch)',
  },
  onnx: {
    kind: 'string',
    description:
      "evaluate an exported .onnx with onnxruntime-node (a denoiser, or an AR / MaskGIT token model); records go to --checkpoint's eval.jsonl",
  },
  decoder: {
    kind: 'string',
    description:
      "with --onnx of a token model: its tokenizer's decoder.onnx (default: decoder.onnx beside it)",
  },
  engine: {
    kind: 'choice',
    choices: SAMPLING_ENGINES,
    default: 'onnx',
    description: 'a checkpoint runs as a verified in-memory ONNX export (onnx) or on tfjs',
  },
  backend: { kind: 'choice', choices: BACKEND_NAMES, default: 'auto', description: 'tfjs backend' },
  temperature: {
    kind: 'number',
    range: NON_NEGATIVE,
    default: 1,
    description: 'a token model: sampling temperature (0 = greedy)',
  },
  'top-k': {
    kind: 'integer',
    range: NON_NEGATIVE,
    default: 0,
    description: 'a token model: top-k (0 = off)',
  },
  'top-p': {
    kind: 'number',
    range: UNIT_INTERVAL,
    default: 1,
    description: 'a token model: top-p (1 = off)',
  },
};

/**
 * `latentlab eval`: measures a trained run (or a file it exported) through its model family — a denoiser's
 * classifier FID (beside the real-vs-real floor) and class accuracy at each steps × cfg setting, an
 * autoencoder's reconstructions, a token model's samples and bits per token; prints a summary and one JSON
 * line per record, and appends those lines to `DIR/eval.jsonl`.
 */
export async function evalCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, EVAL_FLAGS, 'eval');
  const checkpoint = flags.get('checkpoint') as string | undefined;
  if (!checkpoint) throw new CliError('--checkpoint DIR (a latentlab train --out run) is required');
  const get = <T>(name: string) => flags.get(name) as T;
  const onnx = flags.get('onnx') as string | undefined;
  if (flags.get('decoder') !== undefined && !onnx) {
    throw new CliError('--decoder goes with --onnx of a token model');
  }
  const evaluation = await evaluateTrainedRun(checkpoint, {
    ...(onnx ? { onnx } : {}),
    ...(flags.get('decoder') !== undefined ? { decoder: get<string>('decoder') } : {}),
    samples: get<number>('samples'),
    stepsList: get<number[]>('steps'),
    guidanceScales: get<number[]>('cfg'),
    sampler: get<SamplerName>('sampler'),
    seed: get<number>('seed'),
    batchSize: get<number>('batch-size'),
    referenceCount: flags.get('reference') as number | undefined,
    engine: get<SamplingEngine>('engine'),
    backend: get<BackendName>('backend'),
    temperature: get<number>('temperature'),
    topK: get<number>('top-k'),
    topP: get<number>('top-p'),
    progress: (label, total) => {
      const progress = new CountProgress(process.stderr, label, total);
      return (finished) => progress.advance(finished - progress.done);
    },
    onRecord: (_record, description) => process.stderr.write(`${description}\n`),
  });
  process.stdout.write(`${evaluation.summary}\n\n`);
  for (const record of evaluation.records) process.stdout.write(`${JSON.stringify(record)}\n`);
  process.stdout.write(`appended ${evaluation.records.length} line(s) to ${checkpoint}/${EVAL_FILE}\n`);
}

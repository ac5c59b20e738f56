import { SAMPLER_NAMES, type SamplerName } from '@latentlab/samplers';
import { BACKEND_NAMES, type BackendName } from '@latentlab/tfjs';
import { type FlagSpecs, parseFlags } from '../arguments.js';
import { isTokenRun } from '../cards/token-model-card.js';
import { writeRunCard } from '../cards/write-run-card.js';
import { isAutoencoderRun, readAnyRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { appendEvalRecord, EVAL_FILE } from '../evaluation/eval-record.js';
import { describeRecord, formatEvalSummary } from '../evaluation/eval-summary.js';
import { evaluateAutoencoder } from '../evaluation/evaluate-autoencoder.js';
import { evaluateRun } from '../evaluation/evaluate-run.js';
import { evaluateTokenRun } from '../evaluation/evaluate-token-run.js';
import { NON_NEGATIVE, POSITIVE_INTEGER, UNIT_INTERVAL } from '../number-range.js';
import { DEFAULT_SAMPLE_BATCH } from '../sampling/batched-samples.js';
import { CountProgress } from '../sampling/count-progress.js';
import { SAMPLING_ENGINES, type SamplingEngine } from '../sampling/run-denoiser.js';

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
  onnx: { kind: 'string', description: 'sample an exported .onnx with onnxruntime-node' },
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
 * `latentlab eval`: classifier FID (beside the real-vs-real floor) and class accuracy of a trained run's
 * class-balanced samples at each steps × cfg setting; prints a table and one JSON line per setting, and
 * appends those lines to `DIR/eval.jsonl`.
 */
export async function evalCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, EVAL_FLAGS, 'eval');
  const checkpoint = flags.get('checkpoint') as string | undefined;
  if (!checkpoint) throw new CliError('--checkpoint DIR (a latentlab train --out run) is required');
  const get = <T>(name: string) => flags.get(name) as T;
  const runState = flags.get('onnx') ? undefined : readAnyRunState(checkpoint);
  if (runState && isAutoencoderRun(runState)) {
    await evalAutoencoder(checkpoint, flags.get('samples') as number, get<BackendName>('backend'));
    return;
  }
  if (runState && isTokenRun(runState)) {
    const total = get<number>('samples');
    const records = await evaluateTokenRun({
      checkpoint,
      samples: total,
      guidanceScales: get<number[]>('cfg'),
      iterationsList: get<number[]>('steps'),
      temperature: get<number>('temperature'),
      topK: get<number>('top-k'),
      topP: get<number>('top-p'),
      seed: get<number>('seed'),
      backend: get<BackendName>('backend'),
      onRecord: (record) => {
        appendEvalRecord(checkpoint, record);
        writeRunCard(checkpoint);
        process.stderr.write(
          `${record.architecture} ${record.steps} steps, cfg ${record.cfg}: FID ${record.fid.toFixed(2)} (floor ${record.fid_floor.toFixed(2)}), accuracy ${(100 * record.accuracy).toFixed(2)}%, ${record.seconds} s\n`,
        );
      },
    });
    process.stdout.write(
      `${runState.recipe} step ${runState.step}: test bits per token ${records[0]!.bits_per_token.toFixed(4)}\n`,
    );
    for (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
    process.stdout.write(`appended ${records.length} line(s) to ${checkpoint}/${EVAL_FILE}\n`);
    return;
  }
  let progress: CountProgress | undefined;
  const evaluation = await evaluateRun({
    checkpoint,
    samples: get<number>('samples'),
    stepsList: get<number[]>('steps'),
    guidanceScales: get<number[]>('cfg'),
    sampler: get<SamplerName>('sampler'),
    seed: get<number>('seed'),
    batchSize: get<number>('batch-size'),
    referenceCount: flags.get('reference') as number | undefined,
    onnx: flags.get('onnx') as string | undefined,
    engine: get<SamplingEngine>('engine'),
    backend: get<BackendName>('backend'),
    onSettingStart: (setting) => {
      const label = `steps ${setting.steps} cfg ${setting.guidanceScale}: sampling`;
      progress = new CountProgress(process.stderr, label, setting.total);
    },
    onBatch: (batch) => progress?.advance(batch.labels.length),
    onRecord: (record) => {
      appendEvalRecord(checkpoint, record); // as each setting finishes: a long eval keeps what it measured
      if (!flags.get('onnx')) writeRunCard(checkpoint); // the card beside the checkpoint carries the metrics
      process.stderr.write(`${describeRecord(record)}\n`);
    },
  });
  process.stdout.write(`${formatEvalSummary(evaluation, checkpoint)}\n\n`);
  for (const record of evaluation.records) process.stdout.write(`${JSON.stringify(record)}\n`);
  process.stdout.write(`appended ${evaluation.records.length} line(s) to ${checkpoint}/${EVAL_FILE}\n`);
}

/** `latentlab eval` of an autoencoder run: its reconstructions of the first `images` test images. */
async function evalAutoencoder(checkpoint: string, images: number, backend: BackendName): Promise<void> {
  const progress = new CountProgress(process.stderr, 'reconstructing the test split', images);
  let done = 0;
  const record = await evaluateAutoencoder({
    checkpoint,
    images,
    backend,
    onBatch: (finished) => {
      progress.advance(finished - done);
      done = finished;
    },
  });
  appendEvalRecord(checkpoint, record);
  writeRunCard(checkpoint);
  const usage =
    record.codebook_usage === null
      ? ''
      : `, codebook usage ${(100 * record.codebook_usage).toFixed(1)}%, perplexity ${record.perplexity!.toFixed(1)}`;
  process.stdout.write(
    `${record.recipe} step ${record.checkpoint_step}: ${record.images} test images reconstructed: PSNR ${record.psnr.toFixed(2)} dB (MSE ${record.mse.toFixed(5)} in [−1, 1]), classifier accuracy ${(100 * record.accuracy).toFixed(2)}%, FID ${record.fid.toFixed(2)} (floor ${record.fid_floor.toFixed(2)})${usage}\n${JSON.stringify(record)}\nappended 1 line to ${checkpoint}/${EVAL_FILE}\n`,
  );
}

import { SAMPLERS, type SamplerName } from '@latentlab/samplers';
import type { BackendName } from '@latentlab/tfjs';
import { type FlagSpecs, parseFlags } from '../arguments.js';
import { writeRunCard } from '../cards/run-card.js';
import { CliError } from '../errors.js';
import { appendEvalRecord, EVAL_FILE } from '../evaluation/eval-record.js';
import { describeRecord, formatEvalSummary } from '../evaluation/eval-summary.js';
import { evaluateRun } from '../evaluation/evaluate-run.js';

export const EVAL_FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', description: 'run directory written by latentlab train --out' },
  samples: { kind: 'integer', description: 'samples per setting, balanced over the 10 classes (10000)' },
  steps: { kind: 'integer-list', description: 'sampling steps, one or a comma list, e.g. 20,50 (20)' },
  cfg: { kind: 'number-list', description: 'guidance scales, one or a comma list, e.g. 1,2,4 (2)' },
  sampler: { kind: 'string', description: `sampler: ${Object.keys(SAMPLERS).join(', ')} (euler)` },
  seed: { kind: 'integer', description: 'seed of the starting noise (0)' },
  reference: {
    kind: 'integer',
    description: 'compare with the first N test images (all 10000; fewer is faster but biases FID up)',
  },
  'batch-size': { kind: 'integer', description: 'samples per model batch (500)' },
  onnx: { kind: 'string', description: 'sample an exported .onnx with onnxruntime-node instead of tfjs' },
  backend: {
    kind: 'string',
    description: 'tfjs backend: auto (gpu → node → native → cpu), gpu, node, native, cpu',
  },
};

const DEFAULT_SAMPLES = 10_000;
const DEFAULT_BATCH_SIZE = 500;

/**
 * `latentlab eval`: classifier FID (beside the real-vs-real floor) and class accuracy of a trained run's
 * class-balanced samples at each steps × cfg setting; prints a table and one JSON line per setting, and
 * appends those lines to `DIR/eval.jsonl`.
 */
export async function evalCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, EVAL_FLAGS, 'eval');
  const checkpoint = flags.get('checkpoint') as string | undefined;
  if (!checkpoint) throw new CliError('--checkpoint DIR (a latentlab train --out run) is required');
  const sampler = (flags.get('sampler') as string | undefined) ?? 'euler';
  if (!(sampler in SAMPLERS)) {
    throw new CliError(`--sampler '${sampler}': expected one of ${Object.keys(SAMPLERS).join(', ')}`);
  }
  const stepsList = (flags.get('steps') as number[] | undefined) ?? [20];
  if (stepsList.some((steps) => steps < 1)) {
    throw new CliError(`--steps ${stepsList.join(',')}: expected positive integers`);
  }
  const batchSize = (flags.get('batch-size') as number | undefined) ?? DEFAULT_BATCH_SIZE;
  if (batchSize < 1) throw new CliError(`--batch-size ${batchSize}: expected a positive integer`);
  const evaluation = await evaluateRun({
    checkpoint,
    samples: (flags.get('samples') as number | undefined) ?? DEFAULT_SAMPLES,
    stepsList,
    guidanceScales: (flags.get('cfg') as number[] | undefined) ?? [2],
    sampler: sampler as SamplerName,
    seed: (flags.get('seed') as number | undefined) ?? 0,
    batchSize,
    referenceCount: flags.get('reference') as number | undefined,
    onnx: flags.get('onnx') as string | undefined,
    backend: flags.get('backend') as BackendName | undefined,
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

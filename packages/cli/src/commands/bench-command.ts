import { readFileSync } from 'node:fs';
import { BatchIterator } from '@latentlab/data';
import { ditModel, ditS4, initDit } from '@latentlab/dit';
import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import {
  AdamW,
  type BackendName,
  ExponentialMovingAverage,
  TrainableParams,
  tf,
  useBackend,
} from '@latentlab/tfjs';
import { type FlagSpecs, parseFlags } from '../arguments.js';
import { CliError } from '../errors.js';
import { flowBatch } from '../training/flow-batch.js';
import { trainStep } from '../training/train-step.js';

export const BENCH_FLAGS: FlagSpecs = {
  config: { kind: 'string', description: 'benchmark config JSON (../shared/bench/dit-mnist-s.json)' },
  backend: {
    kind: 'string',
    description: 'tfjs backend: auto (gpu → node → native → cpu), gpu, node, native, cpu',
  },
  steps: { kind: 'integer', description: 'timed steps after one warm-up step (2)' },
  profile: { kind: 'boolean', description: 'also print the time per tfjs kernel of one step to stderr' },
};

/** The fields of ../shared/bench/dit-mnist-s.json. */
interface BenchConfig {
  name: string;
  image: number;
  channels: number;
  patch: number;
  hidden: number;
  depth: number;
  heads: number;
  mlp_ratio: number;
  classes: number;
  batch: number;
}

function readBenchConfig(path: string): BenchConfig {
  let config: BenchConfig;
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as BenchConfig;
  } catch (error) {
    throw new CliError(`bench config ${path}: ${(error as Error).message}`);
  }
  for (const field of [
    'image',
    'channels',
    'patch',
    'hidden',
    'depth',
    'heads',
    'mlp_ratio',
    'classes',
    'batch',
  ] as const) {
    if (typeof config[field] !== 'number')
      throw new CliError(`bench config ${path}: ${field}: expected a number`);
  }
  return config;
}

/**
 * Times one full training step (RF batch, DiT forward + backward, clipping, AdamW, EMA) of the benchmark
 * config — DiT with learned positions, as dit_ref.py — and prints `{"config", "backend", "step_ms"}`.
 */
export async function benchCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, BENCH_FLAGS, 'bench');
  const path = flags.get('config') as string | undefined;
  if (!path) throw new CliError('latentlab bench: --config FILE is required');
  const bench = readBenchConfig(path);
  const backend = await useBackend((flags.get('backend') as BackendName | undefined) ?? 'auto');
  const timedSteps = (flags.get('steps') as number | undefined) ?? 2;
  const config = ditS4({
    imageSize: bench.image,
    channels: bench.channels,
    patchSize: bench.patch,
    hiddenSize: bench.hidden,
    depth: bench.depth,
    heads: bench.heads,
    mlpRatio: bench.mlp_ratio,
    classes: bench.classes,
    positionEmbedding: 'learned',
  });
  const rng = createRng(0);
  const params = new TrainableParams(initDit(config, rng.split(1)));
  const optimizer = new AdamW(params, { learningRate: 1e-4 });
  const ema = new ExponentialMovingAverage(params, 0.999);
  const exampleSize = bench.channels * bench.image * bench.image;
  const count = 4 * bench.batch;
  const data = {
    examples: rng.split(2).normal(count * exampleSize), // synthetic images: only the timing matters
    labels: rng.split(3).randint(count, 0, bench.classes),
    count,
    exampleSize,
  };
  const batches = new BatchIterator({ size: count, batchSize: bench.batch, seed: 0, dropLast: true });
  const parts = {
    model: ditModel(config),
    params,
    optimizer,
    ema,
    batchShape: [bench.batch, bench.channels, bench.image, bench.image],
    clipNorm: 1,
  };
  const step = (index: number) => {
    const batch = flowBatch(rectifiedFlow(), data, batches.nextBatch().indices, rng.split(10 + index), {
      classes: bench.classes,
      labelDropout: 0.1,
      timeMean: 0,
      timeStd: 1,
    });
    trainStep(parts, batch, 1e-4);
  };
  step(0); // warm-up
  if (flags.get('profile') === true) await printKernelProfile(() => step(0));
  const started = performance.now();
  for (let index = 1; index <= timedSteps; index++) step(index);
  const stepMs = (performance.now() - started) / timedSteps;
  process.stdout.write(
    `${JSON.stringify({ config: bench.name, backend: backend.name, step_ms: Math.round(stepMs) })}\n`,
  );
  optimizer.dispose();
  ema.dispose();
  params.dispose();
}

/** Runs `work` under tf.profile and prints kernel time per kernel name, largest first, to stderr. */
async function printKernelProfile(work: () => void): Promise<void> {
  const profile = await tf.profile(work);
  const byKernel = new Map<string, { ms: number; calls: number }>();
  let totalMs = 0;
  for (const kernel of profile.kernels) {
    const ms = Number(kernel.kernelTimeMs) || 0;
    const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    byKernel.set(kernel.name, entry);
    totalMs += ms;
  }
  const rows = [...byKernel.entries()].sort((left, right) => right[1].ms - left[1].ms);
  process.stderr.write(`kernel time ${totalMs.toFixed(0)} ms in ${profile.kernels.length} kernel calls\n`);
  for (const [name, { ms, calls }] of rows) {
    const share = ((100 * ms) / totalMs).toFixed(1);
    process.stderr.write(
      `${name.padEnd(24)} ${ms.toFixed(1).padStart(9)} ms ${String(calls).padStart(5)} calls ${share.padStart(5)}%\n`,
    );
  }
}

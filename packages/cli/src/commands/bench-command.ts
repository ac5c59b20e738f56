import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ditModel, ditS4, initDit } from '@latentlab/dit';
import { CliError } from '@latentlab/runs';
import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import {
  AdamW,
  type BackendName,
  ExponentialMovingAverage,
  nativeAddon,
  TrainableParams,
  tf,
  useBackend,
} from '@latentlab/tfjs';
import { diffusionObjective, fit, labeledBatches, logitNormalTrainingTimes } from '@latentlab/train';
import { type FlagSpecs, parseFlags } from '../arguments.js';
import { type CpuReport, cpuReport } from '../benchmark/cpu-report.js';
import { checkBlasCore, runTorchReference } from '../benchmark/torch-reference.js';

export const BENCH_FLAGS: FlagSpecs = {
  config: { kind: 'string', description: 'benchmark config JSON (tools/bench/configs/dit-mnist-s.json)' },
  backend: {
    kind: 'string',
    description: 'tfjs backend: auto (gpu → node → native → cpu), gpu, node, native, cpu',
  },
  steps: { kind: 'integer', description: 'timed steps after one warm-up step (2)' },
  profile: { kind: 'boolean', description: 'also print the time per tfjs kernel of one step to stderr' },
  'vs-torch': {
    kind: 'boolean',
    description:
      'alternate with the PyTorch peer (tools/bench/torch/dit_training_step.py) and print the ratio of step times',
  },
  losses: {
    kind: 'string',
    description:
      'train --steps steps from step 0 and append each loss to this JSONL file (backend agreement)',
  },
  rounds: { kind: 'integer', description: 'with --vs-torch: alternating rounds (3)' },
  python: { kind: 'string', description: 'with --vs-torch: the Python with torch (/usr/bin/python3)' },
  'torch-script': {
    kind: 'string',
    description: 'with --vs-torch: the PyTorch peer (../torch/dit_training_step.py from the config)',
  },
};

/** The fields of tools/bench/configs/dit-mnist-s.json. */
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

interface BenchStep {
  /** Runs training step `index` (its own batch and noise). */
  step(index: number): Promise<StepResult>;
  parameterCount: number;
  dispose(): void;
}

interface StepResult {
  loss: number;
  gradientNorm: number;
}

/**
 * The benchmark's training step, through `fit`: RF batch, DiT (learned positions, as the PyTorch peer) forward +
 * backward, AdamW; with `fullStep` also gradient clipping and the EMA update that `latentlab train` does.
 */
function createBenchStep(bench: BenchConfig, fullStep: boolean): BenchStep {
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
  const ema = fullStep ? new ExponentialMovingAverage(params, 0.999) : undefined;
  const exampleSize = bench.channels * bench.image * bench.image;
  const count = 4 * bench.batch;
  const data = {
    examples: rng.split(2).normal(count * exampleSize), // synthetic images: only the timing matters
    labels: rng.split(3).randint(count, 0, bench.classes),
    exampleShape: [bench.channels, bench.image, bench.image],
  };
  const batches = labeledBatches(data, { batchSize: bench.batch, seed: 0 });
  const objective = diffusionObjective({
    process: rectifiedFlow(),
    target: 'velocity',
    times: logitNormalTrainingTimes(0, 1),
    labelDropout: { probability: 0.1, nullClass: bench.classes },
  });
  const model = ditModel(config);
  let parameterCount = 0;
  for (const variable of params.variables.values()) parameterCount += variable.size;
  return {
    parameterCount,
    async step(index) {
      // One fit call per step on the live parameters and optimizer: step `index` is fit's step index + 1.
      let result: StepResult = { loss: Number.NaN, gradientNorm: Number.NaN };
      await fit({
        model,
        params,
        objective,
        batches,
        startStep: index,
        steps: index + 1,
        rng,
        optimizer,
        ...(ema ? { ema } : {}),
        clipNorm: fullStep ? 1 : 0,
        measureGradientNorm: fullStep, // the PyTorch peer computes no norm
        onStep: (report) => {
          result = { loss: report.loss, gradientNorm: report.gradientNorm ?? Number.NaN };
        },
      });
      return result;
    },
    dispose() {
      optimizer.dispose();
      ema?.dispose();
      params.dispose();
    },
  };
}

/**
 * Trains `steps` steps from step 0 and appends `{"step", "loss", "gradient_norm", "backend"}` per step to
 * `path` as it goes, so two backends' runs from the same seed can be compared line by line.
 */
async function recordLosses(bench: BenchStep, steps: number, path: string, backend: string): Promise<void> {
  for (let index = 0; index < steps; index++) {
    const started = performance.now();
    const { loss, gradientNorm } = await bench.step(index);
    const stepMs = Math.round(performance.now() - started);
    appendFileSync(
      path,
      `${JSON.stringify({ step: index, loss, gradient_norm: gradientNorm, backend, step_ms: stepMs })}\n`,
    );
  }
}

/** Native GEMM flops and seconds over every timed step so far (0 without the addon). */
const gemmTotals = { flops: 0, seconds: 0, steps: 0 };

/** Mean milliseconds per step over `count` steps starting at step `first`. */
async function timeSteps(bench: BenchStep, first: number, count: number): Promise<number> {
  const flopsBefore = nativeAddon()?.gemmFlops() ?? 0;
  const gemmSecondsBefore = nativeAddon()?.gemmSeconds() ?? 0;
  const started = performance.now();
  for (let index = first; index < first + count; index++) await bench.step(index);
  const elapsed = performance.now() - started;
  gemmTotals.flops += (nativeAddon()?.gemmFlops() ?? 0) - flopsBefore;
  gemmTotals.seconds += (nativeAddon()?.gemmSeconds() ?? 0) - gemmSecondsBefore;
  gemmTotals.steps += count;
  return elapsed / count;
}

/**
 * The line's CPU fields: model, micro-kernel, its measured FMA peak, and what the step's GEMMs reached —
 * their flops over the whole step time (so everything that is not GEMM counts against it) as GFLOP/s and as
 * a fraction of the peak — and the time in the matmul kernels alone (gemm_ms, gemm_gflops), so the share of
 * the step that is not GEMM shows.
 */
function cpuFields(cpu: CpuReport | null, stepMs: number): Record<string, unknown> {
  if (!cpu) return {};
  const gemmFlopsPerStep = gemmTotals.flops / Math.max(gemmTotals.steps, 1);
  const gemmSecondsPerStep = gemmTotals.seconds / Math.max(gemmTotals.steps, 1);
  const gemmGflops = gemmFlopsPerStep / (stepMs / 1000) / 1e9;
  return {
    cpu: cpu.model,
    micro_kernel: cpu.microKernel,
    threads: cpu.threads,
    clock_ghz: cpu.clockGhz,
    flops_per_cycle: cpu.flopsPerCycle,
    peak_gflops: cpu.peakGflops,
    gemm_gflop_per_step: Number((gemmFlopsPerStep / 1e9).toFixed(2)),
    gemm_ms: Number((gemmSecondsPerStep * 1000).toFixed(1)),
    gemm_gflops:
      gemmSecondsPerStep > 0 ? Number((gemmFlopsPerStep / gemmSecondsPerStep / 1e9).toFixed(1)) : null,
    gemm_gflops_over_step: Number(gemmGflops.toFixed(1)),
    fraction_of_peak: cpu.peakGflops ? Number((gemmGflops / cpu.peakGflops).toFixed(3)) : null,
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Times the training step of the benchmark config and prints `{"config", "backend", "step_ms"}`. With
 * --vs-torch it alternates rounds of latentlab's step (on the native backend unless --backend says
 * otherwise) and the PyTorch peer's, each with the same work per step (forward + backward + AdamW, no
 * clipping or EMA, as the peer), and ends the line with the ratio of the medians: latentlab / torch, with
 * the OpenBLAS kernel PyTorch used (corrected to the best the CPU allows when OpenBLAS picks a weaker one).
 */
export async function benchCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, BENCH_FLAGS, 'bench');
  const path = flags.get('config') as string | undefined;
  if (!path) throw new CliError('--config FILE is required');
  const bench = readBenchConfig(path);
  const versusTorch = flags.get('vs-torch') === true;
  const backendName = (flags.get('backend') as BackendName | undefined) ?? (versusTorch ? 'native' : 'auto');
  const backend = await useBackend(backendName);
  const cpu = backend.name === 'native' && nativeAddon() ? cpuReport() : null;
  const timedSteps = (flags.get('steps') as number | undefined) ?? (versusTorch ? 3 : 2);
  const benchStep = createBenchStep(bench, !versusTorch);
  const lossesPath = flags.get('losses') as string | undefined;
  if (lossesPath) {
    await recordLosses(benchStep, timedSteps, lossesPath, backend.name);
    benchStep.dispose();
    return;
  }
  await benchStep.step(0); // warm-up
  if (flags.get('profile') === true) await printKernelProfile(() => benchStep.step(0));
  if (!versusTorch) {
    const stepMs = await timeSteps(benchStep, 1, timedSteps);
    process.stdout.write(
      `${JSON.stringify({ config: bench.name, backend: backend.name, step_ms: Math.round(stepMs), ...cpuFields(cpu, stepMs) })}\n`,
    );
    benchStep.dispose();
    return;
  }
  const reference = {
    python: (flags.get('python') as string | undefined) ?? '/usr/bin/python3',
    script: resolve(
      (flags.get('torch-script') as string | undefined) ??
        join(dirname(resolve(path)), '..', 'torch', 'dit_training_step.py'),
    ),
    config: resolve(path),
  };
  // A narrower micro-kernel than the CPU has (LATENTLAB_MICRO_KERNEL=avx2 on an AVX-512 CPU) is compared
  // with OpenBLAS on kernels of the same instruction set.
  const blas = checkBlasCore(reference, cpu?.microKernel ?? null);
  if (blas.coreType) {
    process.stderr.write(
      `OpenBLAS picked the ${blas.detected} kernels on a CPU that has ${blas.best}'s: PyTorch runs with OPENBLAS_CORETYPE=${blas.coreType}\n`,
    );
  }
  const torch = { ...reference, coreType: blas.coreType };
  let torchVersion = '';
  let blasCore: string | null = null;
  let torchPeakRssMb: number | null = null;
  const rounds = (flags.get('rounds') as number | undefined) ?? 3;
  const latentlabMs: number[] = [];
  const torchMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Spawning Python forks this process: on some VMs the copy-on-write faults that follow cost the next
    // step ~1.5 s (measured here: 814 ms/step for 3 steps after a spawn, 206 before and after). One untimed
    // step after each torch round keeps that harness cost out of latentlab's timing.
    const first = 1 + round * (timedSteps + 1);
    // (checkBlasCore spawned the peer before round 0 too: every round gets its untimed step.)
    await benchStep.step(first - 1);
    latentlabMs.push(await timeSteps(benchStep, first, timedSteps));
    const torchTiming = runTorchReference(torch, timedSteps);
    if (torchTiming.params !== benchStep.parameterCount) {
      throw new CliError(
        `--vs-torch: the PyTorch peer built ${torchTiming.params} parameters, latentlab ${benchStep.parameterCount}: not the same model`,
      );
    }
    torchMs.push(torchTiming.stepMs);
    torchVersion = torchTiming.torch;
    blasCore = torchTiming.blasCore;
    if (torchTiming.peakRssMb !== null) torchPeakRssMb = Math.max(torchPeakRssMb ?? 0, torchTiming.peakRssMb);
    process.stderr.write(
      `round ${round + 1}/${rounds}: latentlab ${latentlabMs.at(-1)!.toFixed(0)} ms, torch ${torchMs.at(-1)!.toFixed(0)} ms\n`,
    );
  }
  const stepMs = median(latentlabMs);
  benchStep.dispose();
  const torchStepMs = median(torchMs);
  process.stdout.write(
    `${JSON.stringify({
      config: bench.name,
      backend: backend.name,
      rounds,
      steps_per_round: timedSteps,
      step_ms: Math.round(stepMs),
      torch_step_ms: Math.round(torchStepMs),
      // Peak resident memory of each process (this one holds node, tfjs and the bench; the peer python and torch).
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      torch_peak_rss_mb: torchPeakRssMb === null ? null : Math.round(torchPeakRssMb),
      ratio: Number((stepMs / torchStepMs).toFixed(3)),
      torch: torchVersion,
      blas_core: blasCore,
      blas_core_detected: blas.detected,
      ...cpuFields(cpu, stepMs),
    })}\n`,
  );
}

/** Runs `work` under tf.profile and prints kernel time per kernel name, largest first, to stderr; then the
 * costliest kernel calls grouped by name and input shapes, so a slow elementwise or reduction kernel can be
 * told apart from a slow GEMM of the same name. */
async function printKernelProfile(work: () => Promise<unknown>): Promise<void> {
  const profile = await tf.profile(async () => {
    await work();
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  const byShape = new Map<string, { ms: number; calls: number }>();
  let totalMs = 0;
  for (const kernel of profile.kernels) {
    const ms = Number(kernel.kernelTimeMs) || 0;
    const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    byKernel.set(kernel.name, entry);
    const shapes = `${kernel.name} ${kernel.inputShapes.map((shape) => `[${shape?.join(',') ?? ''}]`).join(' ')}`;
    const shapeEntry = byShape.get(shapes) ?? { ms: 0, calls: 0 };
    shapeEntry.ms += ms;
    shapeEntry.calls += 1;
    byShape.set(shapes, shapeEntry);
    totalMs += ms;
  }
  const printRows = (rows: [string, { ms: number; calls: number }][], width: number) => {
    for (const [name, { ms, calls }] of rows) {
      const share = ((100 * ms) / totalMs).toFixed(1);
      process.stderr.write(
        `${name.padEnd(width)} ${ms.toFixed(1).padStart(9)} ms ${String(calls).padStart(5)} calls ${share.padStart(5)}%\n`,
      );
    }
  };
  process.stderr.write(`kernel time ${totalMs.toFixed(0)} ms in ${profile.kernels.length} kernel calls\n`);
  printRows(
    [...byKernel.entries()].sort((left, right) => right[1].ms - left[1].ms),
    24,
  );
  process.stderr.write('\ncostliest calls by kernel and input shapes:\n');
  printRows([...byShape.entries()].sort((left, right) => right[1].ms - left[1].ms).slice(0, 25), 56);
}

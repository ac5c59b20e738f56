// Issue 15's table: a teacher and its distilled students, method × steps → classifier FID beside the
// real-vs-real floor, class accuracy, network evaluations and ms per image in onnxruntime-node (batches of
// 100, the sampling alone), all in one run on one machine. Prints a Markdown table and one JSON line.
//   pnpm bench:distill [--config FILE] [--runs DIR] [--samples N]
// Rows name run folders under --runs (default /work/runs); a row whose run is missing is reported, not fatal.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type EvalRecord, evaluateRun, runStraightness } from '@latentlab/runs';
import { useBackend } from '@latentlab/tfjs';

interface Row {
  method: string;
  run: string;
  steps: number[];
  cfg: number;
  /** Network calls a step (default: 2 with CFG, 1 without; 1 for a student that takes the scale as input). */
  callsPerStep?: number;
  /** The sampler (default euler; consistency for a consistency model's multistep sampling). */
  sampler?: Parameters<typeof evaluateRun>[0]['sampler'];
}
interface Config {
  description: string;
  samples: number;
  seed: number;
  rows: Row[];
  /** Runs whose ODE paths' straightness is measured (reflow's before and after). */
  straightness?: { run: string; cfg: number; label: string }[];
}
interface Result {
  method: string;
  run: string;
  steps: number;
  cfg: number;
  evaluations: number;
  fid: number;
  floor: number;
  accuracy: number;
  msPerImage: number;
  trainingSteps: number;
}

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const configPath = resolve(
  flag('config') ?? join(import.meta.dirname, '..', 'configs', 'distill-mnist.json'),
);
const config = JSON.parse(readFileSync(configPath, 'utf8')) as Config;
const runs = resolve(flag('runs') ?? '/work/runs');
const samples = Number(flag('samples') ?? config.samples);

await useBackend('auto');
// The floor at this sample count (`latentlab eval`'s: as many class-balanced real training images, spread
// over the split, against the same 10,000 test images), the same for every run.
let floor = Number.NaN;
const results: Result[] = [];
const missing: string[] = [];
// `--only gd,sc` measures those runs' rows alone (the floor and the table header stay).
const only = flag('only')?.split(',');
for (const row of config.rows.filter((candidate) => !only || only.includes(candidate.run))) {
  const checkpoint = join(runs, row.run);
  if (!existsSync(join(checkpoint, 'checkpoint.safetensors'))) {
    missing.push(row.run);
    continue;
  }
  let started = 0;
  let sampled = 0;
  const sampling = new Map<number, number>();
  const evaluation = await evaluateRun({
    checkpoint,
    samples,
    stepsList: row.steps,
    guidanceScales: [row.cfg],
    sampler: row.sampler ?? 'euler',
    seed: config.seed,
    batchSize: 100,
    onSettingStart: () => {
      started = performance.now();
    },
    onBatch: () => {
      sampled = performance.now();
    },
    onRecord: (record: EvalRecord) => {
      sampling.set(record.steps, sampled - started);
      process.stderr.write(
        `${row.method} ${record.steps} steps: FID ${record.fid.toFixed(2)} (floor at ${samples}: ${record.fid_floor.toFixed(2)}), accuracy ${(100 * record.accuracy).toFixed(1)}%\n`,
      );
    },
  });
  floor = evaluation.floor;
  for (const record of evaluation.records) {
    results.push({
      method: row.method,
      run: row.run,
      steps: record.steps,
      cfg: row.cfg,
      evaluations: record.steps * (row.callsPerStep ?? (row.cfg === 1 ? 1 : 2)),
      fid: record.fid,
      floor,
      accuracy: record.accuracy,
      msPerImage: sampling.get(record.steps)! / record.samples,
      trainingSteps: evaluation.checkpointStep,
    });
  }
}

const reference = results.find(
  (result) => result.evaluations === Math.max(...results.map((r) => r.evaluations)),
);
const lines = [
  `${config.description}; ${samples} samples per row`,
  '',
  '| method | run (training steps) | steps | network calls | FID | floor | FID / teacher | accuracy | ms / image |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) =>
      `| ${r.method} | ${r.run} (${r.trainingSteps}) | ${r.steps} | ${r.evaluations} | ${r.fid.toFixed(2)} | ${r.floor.toFixed(2)} | ${reference ? (r.fid / reference.fid).toFixed(2) : '–'} | ${(100 * r.accuracy).toFixed(1)}% | ${r.msPerImage.toFixed(2)} |`,
  ),
  ...(missing.length > 0 ? ['', `not run (no checkpoint under ${runs}): ${missing.join(', ')}`] : []),
];
// Straightness of the guided ODE paths (Liu et al. 2022, Def. 2.3): 200 noises, 32 Euler steps.
const straight: { label: string; run: string; straightness: number; relative: number }[] = [];
for (const entry of (config.straightness ?? []).filter((item) => !only || only.includes(item.run))) {
  const checkpoint = join(runs, entry.run);
  if (!existsSync(join(checkpoint, 'checkpoint.safetensors'))) continue;
  const measured = await runStraightness({ checkpoint, guidanceScale: entry.cfg, seed: config.seed });
  straight.push({ label: entry.label, run: entry.run, ...measured });
}
if (straight.length > 0) {
  lines.push(
    '',
    'straightness of the ODE paths (200 noises, 32 Euler steps; 0 = straight, one Euler step exact):',
    '',
    '| model | run | S | S / mean squared slope |',
    '| --- | --- | ---: | ---: |',
    ...straight.map(
      (r) => `| ${r.label} | ${r.run} | ${r.straightness.toFixed(4)} | ${r.relative.toFixed(4)} |`,
    ),
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'distill', samples, reference: reference?.run, results, straightness: straight, missing })}\n`,
);

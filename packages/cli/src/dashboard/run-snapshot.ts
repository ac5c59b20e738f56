import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  EVAL_FILE,
  exponentialSmoothing,
  LOSS_SMOOTHING,
  METRICS_FILE,
  readJsonLines,
  type StepMetrics,
} from '@latentlab/runs';
import { STATE_FILE } from '@latentlab/train';

/** A run is 'training' while its metrics file changed within this many seconds. */
const LIVE_SECONDS = 30;

/** What the dashboard shows of a run besides its curves. */
export interface RunSnapshot {
  name: string;
  path: string;
  recipe: string | null;
  /** The last step in metrics.jsonl, and the run's total (from its saved settings). */
  step: number;
  steps: number | null;
  status: 'training' | 'finished' | 'stopped' | 'empty';
  settings: Record<string, unknown> | null;
  evaluations: Record<string, unknown>[];
  /** The newest sample grid: its step and a URL-safe version tag (its modification time). */
  latestGrid: { step: number; file: string; version: number } | null;
  imagesPerSecond: number | null;
}

/** The curves of a run from metrics line `from` on (0-based), the smoothed loss over the whole run. */
export interface RunCurves {
  from: number;
  step: number[];
  loss: number[];
  lossSmoothed: number[];
  learningRate: number[];
  gradientNorm: (number | null)[];
  imagesPerSecond: (number | null)[];
}

/** Every whole line of a run's metrics.jsonl (a line being written, cut short, is left for later). */
export function readMetrics(directory: string): StepMetrics[] {
  return readJsonLines<StepMetrics>(join(directory, METRICS_FILE));
}

export function runCurves(directory: string, from: number): RunCurves {
  const entries = readMetrics(directory);
  const smoothed = exponentialSmoothing(
    entries.map((entry) => entry.loss),
    LOSS_SMOOTHING,
  );
  const recent = entries.slice(from);
  const finiteOrNull = (value: number | null | undefined) =>
    typeof value === 'number' && Number.isFinite(value) ? value : null;
  return {
    from,
    step: recent.map((entry) => entry.step),
    loss: recent.map((entry) => entry.loss),
    lossSmoothed: smoothed.slice(from),
    learningRate: recent.map((entry) => entry.learningRate),
    gradientNorm: recent.map((entry) => finiteOrNull(entry.gradientNorm)),
    imagesPerSecond: recent.map((entry) => finiteOrNull(entry.imagesPerSecond)),
  };
}

export function runSnapshot(directory: string): RunSnapshot {
  const state = readJson(join(directory, STATE_FILE)) as {
    recipe?: string;
    settings?: Record<string, unknown>;
  } | null;
  const entries = readMetrics(directory);
  const last = entries.at(-1);
  const steps = typeof state?.settings?.['steps'] === 'number' ? (state.settings['steps'] as number) : null;
  const metricsPath = join(directory, METRICS_FILE);
  const changedRecently =
    existsSync(metricsPath) && (Date.now() - statSync(metricsPath).mtimeMs) / 1000 < LIVE_SECONDS;
  const step = last?.step ?? 0;
  const status = !last
    ? 'empty'
    : steps !== null && step >= steps
      ? 'finished'
      : changedRecently
        ? 'training'
        : 'stopped';
  return {
    name: basename(directory),
    path: directory,
    recipe: state?.recipe ?? null,
    step,
    steps,
    status,
    settings: state?.settings ?? null,
    evaluations: readJsonLines<Record<string, unknown>>(join(directory, EVAL_FILE)),
    latestGrid: latestGrid(directory),
    imagesPerSecond: typeof last?.imagesPerSecond === 'number' ? last.imagesPerSecond : null,
  };
}

/** The newest `samples-N.png` of a run. */
function latestGrid(directory: string): RunSnapshot['latestGrid'] {
  if (!existsSync(directory)) return null;
  let best: RunSnapshot['latestGrid'] = null;
  for (const file of readdirSync(directory)) {
    const match = /^samples-(\d+)\.png$/.exec(file);
    if (!match) continue;
    const step = Number(match[1]);
    if (!best || step > best.step)
      best = { step, file, version: Math.round(statSync(join(directory, file)).mtimeMs) };
  }
  return best;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

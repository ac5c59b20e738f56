import { appendFileSync, writeFileSync } from 'node:fs';
import { readJsonLines } from '../json-lines.js';

/** One line of `DIR/metrics.jsonl`. */
export interface StepMetrics {
  step: number;
  loss: number;
  learningRate: number;
  /** Global gradient norm before clipping (null in runs written before it was always measured). */
  gradientNorm: number | null;
  imagesPerSecond: number;
  /** The objective's and the maintenance's metrics (e.g. `reconstruction`, `kl`, `codebookUsage`). */
  [metric: string]: number | null;
}

/** Appends one JSON line per step; on resume, keeps the lines up to the checkpoint's step. */
export class MetricsLog {
  readonly entries: StepMetrics[] = [];

  constructor(
    private readonly path: string,
    resumeFromStep: number | undefined,
  ) {
    if (resumeFromStep !== undefined) {
      this.entries.push(...readJsonLines<StepMetrics>(path).filter((entry) => entry.step <= resumeFromStep));
    }
    // Steps after the checkpoint were lost with the killed run and are trained again.
    writeFileSync(path, this.entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  }

  append(entry: StepMetrics): void {
    this.entries.push(entry);
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
  }

  losses(): number[] {
    return this.entries.map((entry) => entry.loss);
  }
}

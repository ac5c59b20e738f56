/** Where progress goes: a terminal gets one `\r`-updated line, anything else one line per `logEvery` steps. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** "3m07s", "1h05m" ('?' when not finite). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  return hours > 0
    ? `${hours}h${String(minutes).padStart(2, '0')}m`
    : `${minutes}m${String(rest).padStart(2, '0')}s`;
}

/** Steps in the moving window that throughput and ETA are measured over. */
export const THROUGHPUT_WINDOW_STEPS = 50;

/**
 * The progress line: step, loss, examples per second and the estimated time left, both from the last
 * `THROUGHPUT_WINDOW_STEPS` steps (not since the start), leaving out the pauses a run reports with
 * `paused()` (sample grids), so one pause does not drag the figures down for the rest of the run.
 */
export class ProgressReporter {
  /** Seconds and step counts of the recent intervals between updates, oldest first. */
  private readonly intervals: { seconds: number; steps: number }[] = [];
  private lastTime: number;
  private lastStep: number;

  constructor(
    private readonly output: ProgressOutput,
    firstStep: number,
    private readonly totalSteps: number,
    private readonly batchSize: number,
    private readonly logEvery: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastTime = now();
    this.lastStep = firstStep;
  }

  /** Records that `step` has finished (call once per step, before `update`). */
  private record(step: number): void {
    const time = this.now();
    if (step > this.lastStep) {
      this.intervals.push({ seconds: (time - this.lastTime) / 1000, steps: step - this.lastStep });
      let steps = this.intervals.reduce((sum, interval) => sum + interval.steps, 0);
      while (steps - this.intervals[0]!.steps >= THROUGHPUT_WINDOW_STEPS)
        steps -= this.intervals.shift()!.steps;
    }
    this.lastTime = time;
    this.lastStep = step;
  }

  /** Work outside the steps has just ended (a sample grid, an eval): its time is not counted. */
  paused(): void {
    this.lastTime = this.now();
  }

  /** Examples per second over the recent steps (NaN before the first). */
  throughput(): number {
    const seconds = this.intervals.reduce((sum, interval) => sum + interval.seconds, 0);
    const steps = this.intervals.reduce((sum, interval) => sum + interval.steps, 0);
    return steps === 0 ? Number.NaN : (steps * this.batchSize) / seconds;
  }

  /** Records the end of `step` and prints the progress line (every step on a terminal, else every logEvery). */
  update(step: number, loss: number): void {
    this.record(step);
    const last = step === this.totalSteps;
    if (!this.output.isTTY && !last && step % this.logEvery !== 0) return;
    const perSecond = this.throughput();
    const eta = ((this.totalSteps - step) * this.batchSize) / perSecond;
    const width = String(this.totalSteps).length;
    const line =
      `step ${String(step).padStart(width)}/${this.totalSteps}  loss ${loss.toFixed(4)}  ` +
      `${perSecond.toFixed(1)} images/s  ETA ${formatDuration(eta)}`;
    this.output.write(this.output.isTTY ? `\r${line}${last ? '\n' : ''}` : `${line}\n`);
  }

  /** A message on its own line (ends a pending `\r` line first). */
  note(message: string): void {
    this.output.write(this.output.isTTY ? `\r\x1b[K${message}\n` : `${message}\n`);
  }
}

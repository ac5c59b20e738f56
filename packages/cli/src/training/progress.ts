/** Where progress goes: a terminal gets one `\r`-updated line, anything else one line per `logEvery` steps. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  return hours > 0
    ? `${hours}h${String(minutes).padStart(2, '0')}m`
    : `${minutes}m${String(rest).padStart(2, '0')}s`;
}

/** The progress line: step, loss, examples per second and the estimated time left. */
export class ProgressReporter {
  private readonly startedAt = performance.now();

  constructor(
    private readonly output: ProgressOutput,
    private readonly firstStep: number,
    private readonly totalSteps: number,
    private readonly batchSize: number,
    private readonly logEvery: number,
  ) {}

  /** Examples per second since this reporter started. */
  throughput(step: number): number {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return ((step - this.firstStep) * this.batchSize) / seconds;
  }

  update(step: number, loss: number): void {
    const last = step === this.totalSteps;
    if (!this.output.isTTY && !last && step % this.logEvery !== 0) return;
    const perSecond = this.throughput(step);
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

import { formatDuration, type ProgressOutput } from '../training/progress.js';

/**
 * "sampling 1500/5000  312.4 images/s  ETA 0m11s" for work counted in items (samples, images): a
 * `\r`-updated line on a terminal, else a line at every tenth of the total and at the end.
 */
export class CountProgress {
  done = 0;
  private readonly started: number;
  private lastPrintedTenth = 0;

  constructor(
    private readonly output: ProgressOutput,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  advance(count: number): void {
    this.done += count;
    const seconds = (this.now() - this.started) / 1000;
    const perSecond = this.done / seconds;
    const left = (this.total - this.done) / perSecond;
    const finished = this.done >= this.total;
    const timing = finished ? `${seconds.toFixed(1)} s` : `ETA ${formatDuration(left)}`;
    const line = `${this.label} ${this.done}/${this.total}  ${perSecond.toFixed(1)} images/s  ${timing}`;
    if (this.output.isTTY) {
      this.output.write(`\r\x1b[K${line}${finished ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((10 * this.done) / this.total);
    if (tenth > this.lastPrintedTenth || finished) {
      this.lastPrintedTenth = tenth;
      this.output.write(`${line}\n`);
    }
  }
}

import { describe, expect, it } from 'vitest';
import { ProgressReporter } from './progress.js';

function capture(isTTY: boolean) {
  const written: string[] = [];
  return { output: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe('ProgressReporter', () => {
  it('prints one line per logEvery steps (and the last) when not on a terminal', () => {
    const { output, written } = capture(false);
    const progress = new ProgressReporter(output, 0, 25, 64, 10);
    for (let step = 1; step <= 25; step++) progress.update(step, 1 / step);
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^step 10\/25 {2}loss 0\.1000 {2}[\d.]+ images\/s {2}ETA \d+m\d\ds\n$/);
    expect(written[2]).toMatch(/^step 25\/25 {2}loss 0\.0400/);
  });

  it('rewrites one line with \\r on a terminal, ending it after the last step', () => {
    const { output, written } = capture(true);
    const progress = new ProgressReporter(output, 3, 5, 8, 10);
    progress.update(4, 0.5);
    progress.update(5, 0.25);
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^\rstep 4\/5 {2}loss 0\.5000 .*ETA/);
    expect(written[1]?.endsWith('\n')).toBe(true);
  });

  it('measures throughput over the recent steps and leaves out reported pauses', () => {
    let now = 0;
    const { output, written } = capture(false);
    const progress = new ProgressReporter(output, 0, 200, 10, 100, () => now);
    for (let step = 1; step <= 100; step++) {
      now += step <= 50 ? 1000 : 100; // 10 images/s for 50 steps, then 100 images/s
      progress.update(step, 0.1);
    }
    expect(progress.throughput()).toBeCloseTo(100, 6); // the window holds only the fast steps
    expect(written[0]).toMatch(/100\.0 images\/s {2}ETA 0m10s/);
    now += 60_000; // a one-minute sample grid
    progress.paused();
    now += 100;
    progress.update(101, 0.1);
    expect(progress.throughput()).toBeCloseTo(100, 6);
  });
});

import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { CodeUsageTracker, restartDeadCodes } from './dead-code-restart.js';

describe('CodeUsageTracker', () => {
  it('follows the moving average of uses and names the codes that fell below the threshold', () => {
    const tracker = new CodeUsageTracker(4, 0.5, 0.1);
    tracker.update([0, 0, 1]); // usage = 0.5·1 + 0.5·counts
    expect([...tracker.usage]).toEqual([1.5, 1, 0.5, 0.5]);
    for (let step = 0; step < 3; step++) tracker.update([0, 1]);
    // codes 2, 3: 0.5 → 0.25 → 0.125 → 0.0625 < 0.1
    expect(tracker.usage[2]).toBeCloseTo(0.0625, 12);
    expect(tracker.deadCodes()).toEqual([2, 3]);
    tracker.revive([2]);
    expect(tracker.deadCodes()).toEqual([3]);
  });
});

describe('restartDeadCodes', () => {
  it('replaces exactly the dead codes by distinct rows of the batch, seeded', () => {
    const codebook = Float32Array.from({ length: 4 * 2 }, (_, i) => -1 - i); // (4, 2), all negative
    const vectors = Float32Array.from({ length: 6 * 2 }, (_, i) => 100 + i); // (6, 2) rows 100+2r, 101+2r
    const restarted = restartDeadCodes(codebook, 2, [1, 3], vectors, createRng(7));
    expect(restarted.subarray(0, 2)).toEqual(codebook.subarray(0, 2));
    expect(restarted.subarray(4, 6)).toEqual(codebook.subarray(4, 6));
    const rows = [1, 3].map((code) => (restarted[code * 2]! - 100) / 2);
    for (const row of rows) {
      expect(Number.isInteger(row) && row >= 0 && row < 6).toBe(true);
      expect(restarted[row === rows[0] ? 3 : 7]).toBe(101 + 2 * row); // the whole row, both values
    }
    expect(new Set(rows).size).toBe(2);
    expect(restartDeadCodes(codebook, 2, [1, 3], vectors, createRng(7))).toEqual(restarted);
    expect(codebook[2]).toBe(-3); // the input is left as it was
    expect(() => restartDeadCodes(codebook, 2, [0], Float32Array.from([1, 2, 3]), createRng(1))).toThrow(
      'not whole (N, 2) vectors',
    );
  });
});

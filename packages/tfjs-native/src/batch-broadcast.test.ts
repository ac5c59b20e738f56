import { describe, expect, it } from 'vitest';
import { broadcastBatches } from './batch-broadcast.js';

describe('broadcastBatches', () => {
  it('pairs equal batches one to one', () => {
    const pairs = broadcastBatches([3], [3])!;
    expect(pairs.outerShape).toEqual([3]);
    expect([...pairs.aBatchIndex]).toEqual([0, 1, 2]);
    expect([...pairs.bBatchIndex]).toEqual([0, 1, 2]);
  });

  it('repeats size-1 and missing dimensions', () => {
    const pairs = broadcastBatches([2, 1], [3])!;
    expect(pairs.outerShape).toEqual([2, 3]);
    expect([...pairs.aBatchIndex]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...pairs.bBatchIndex]).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('treats plain matrices as one batch', () => {
    const pairs = broadcastBatches([], [])!;
    expect(pairs.outerShape).toEqual([]);
    expect([...pairs.aBatchIndex]).toEqual([0]);
  });

  it('rejects shapes that do not broadcast', () => {
    expect(broadcastBatches([2], [3])).toBeNull();
  });
});

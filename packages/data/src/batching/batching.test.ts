import { tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { DataArgumentError } from '../errors.js';
import { BatchIterator } from './batch-iterator.js';
import { batchesPerEpoch, epochBatches, epochOrder } from './epoch-batches.js';
import { gatherBatch, gatherRows } from './gather-batch.js';

function sorted(values: Iterable<number>): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

describe('epochOrder / epochBatches', () => {
  it('same seed and epoch → same order; another epoch or seed → another order', () => {
    expect(epochOrder(1000, 5, 3)).toEqual(epochOrder(1000, 5, 3));
    expect(epochOrder(1000, 5, 4)).not.toEqual(epochOrder(1000, 5, 3));
    expect(epochOrder(1000, 6, 3)).not.toEqual(epochOrder(1000, 5, 3));
  });

  it('pins the order for a fixed seed (a change here changes every training run)', () => {
    expect(Array.from(epochOrder(10, 0, 0))).toEqual([0, 3, 8, 9, 5, 1, 4, 7, 2, 6]);
  });

  it('covers every index exactly once per epoch, short last batch kept by default', () => {
    const batches = epochBatches(103, 10, 1, 0);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(sorted(batches.flatMap((batch) => Array.from(batch)))).toEqual(
      Array.from({ length: 103 }, (_, i) => i),
    );
  });

  it('drops the short last batch on request', () => {
    const batches = epochBatches(103, 10, 1, 0, { dropLast: true });
    expect(batches).toHaveLength(10);
    expect(batches.every((batch) => batch.length === 10)).toBe(true);
    expect(new Set(batches.flatMap((batch) => Array.from(batch))).size).toBe(100);
    expect(batchesPerEpoch(100, 10, { dropLast: true })).toBe(10);
    expect(batchesPerEpoch(100, 10)).toBe(10);
  });

  it('rejects invalid arguments', () => {
    expect(() => epochBatches(10, 0, 1, 0)).toThrow(DataArgumentError);
    expect(() => epochOrder(10, -1, 0)).toThrow('seed = -1');
    expect(() => epochOrder(10, 1, 0.5)).toThrow('epoch = 0.5');
  });
});

describe('BatchIterator', () => {
  it('yields epochBatches, epoch after epoch', () => {
    const iterator = new BatchIterator({ size: 25, batchSize: 10, seed: 9 });
    for (const epoch of [0, 1, 2]) {
      for (const [batchInEpoch, expected] of epochBatches(25, 10, 9, epoch).entries()) {
        const batch = iterator.nextBatch();
        expect([batch.epoch, batch.batchInEpoch]).toEqual([epoch, batchInEpoch]);
        expect(batch.indices).toEqual(expected);
      }
    }
  });

  it('resumes at the exact next batch from its JSON state', () => {
    const uninterrupted = new BatchIterator({ size: 57, batchSize: 8, seed: 3, dropLast: true });
    const interrupted = new BatchIterator({ size: 57, batchSize: 8, seed: 3, dropLast: true });
    for (let step = 0; step < 11; step++) {
      uninterrupted.nextBatch();
      interrupted.nextBatch();
    }
    const saved = JSON.stringify(interrupted.state());
    expect(JSON.parse(saved)).toEqual({
      size: 57,
      batchSize: 8,
      seed: 3,
      dropLast: true,
      epoch: 1,
      batchInEpoch: 4,
    });
    const resumed = BatchIterator.fromState(JSON.parse(saved));
    for (let step = 0; step < 20; step++) expect(resumed.nextBatch()).toEqual(uninterrupted.nextBatch());
  });

  it('rejects states and sizes it cannot continue', () => {
    const state = new BatchIterator({ size: 20, batchSize: 10, seed: 0 }).state();
    expect(() => BatchIterator.fromState({ ...state, batchInEpoch: 2 })).toThrow('batchInEpoch = 2');
    expect(() => BatchIterator.fromState({ ...state, epoch: -1 })).toThrow(DataArgumentError);
    expect(() => BatchIterator.fromState(null as never)).toThrow(DataArgumentError);
    expect(() => new BatchIterator({ size: 5, batchSize: 10, seed: 0, dropLast: true })).toThrow('no batch');
  });
});

describe('gatherBatch', () => {
  const images = tensor(
    Uint8Array.from({ length: 4 * 2 * 2 }, (_, i) => i),
    [4, 2, 2],
    'uint8',
  ); // (N, H, W)
  const labels = tensor([10, 11, 12, 13], [4], 'int32');

  it('gathers images and labels at the indices, in index order', () => {
    const batch = gatherBatch(images, labels, Int32Array.from([3, 0, 3]));
    expect(batch.images.shape).toEqual([3, 2, 2]);
    expect(batch.images.dtype).toBe('uint8');
    expect(Array.from(batch.images.data)).toEqual([12, 13, 14, 15, 0, 1, 2, 3, 12, 13, 14, 15]);
    expect(Array.from(batch.labels.data)).toEqual([13, 10, 13]);
  });

  it('works on float NCHW images and points, and rejects bad indices or mismatched labels', () => {
    const points = tensor([0, 1, 2, 3, 4, 5], [3, 2]);
    expect(Array.from(gatherRows(points, [2]).data)).toEqual([4, 5]);
    expect(() => gatherRows(points, [3])).toThrow('indices[0] = 3; expected an integer in [0, 3)');
    expect(() => gatherBatch(images, tensor([1], [1], 'int32'), [0])).toThrow('4 images but 1 labels');
  });
});

import { createRng } from '@latentlab/tensor';
import { DataArgumentError } from '../errors.js';

export interface DropLastOption {
  /** Drop the last batch of an epoch when it is smaller than `batchSize` (default false: keep it). */
  dropLast?: boolean;
}

export function checkNonNegativeInteger(value: number, name: string, caller: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DataArgumentError(`${caller}: ${name} = ${value}; expected a non-negative integer`);
  }
}

export function checkBatchSize(batchSize: number, caller: string): void {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new DataArgumentError(`${caller}: batchSize = ${batchSize}; expected a positive integer`);
  }
}

/**
 * The shuffled order of 0 … size−1 for one epoch: a Fisher–Yates permutation drawn from the latentlab Rng
 * stream `createRng(seed).split(epoch)`. A pure function of (size, seed, epoch), so any epoch can be
 * recomputed directly, on any machine, to resume a run.
 */
export function epochOrder(size: number, seed: number, epoch: number): Int32Array {
  checkNonNegativeInteger(size, 'size', 'epochOrder');
  checkNonNegativeInteger(seed, 'seed', 'epochOrder');
  checkNonNegativeInteger(epoch, 'epoch', 'epochOrder');
  return createRng(seed).split(epoch).permutation(size); // (size)
}

/** Number of batches in one epoch. */
export function batchesPerEpoch(size: number, batchSize: number, { dropLast = false }: DropLastOption = {}) {
  checkNonNegativeInteger(size, 'size', 'batchesPerEpoch');
  checkBatchSize(batchSize, 'batchesPerEpoch');
  return dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
}

/**
 * One epoch's batches of indices into a data set of `size` items: `epochOrder(size, seed, epoch)` cut into
 * consecutive runs of `batchSize`. Every index appears exactly once, except the ones of a short last batch
 * when `dropLast` is set. Each batch is a view into the epoch's order.
 */
export function epochBatches(
  size: number,
  batchSize: number,
  seed: number,
  epoch: number,
  { dropLast = false }: DropLastOption = {},
): Int32Array[] {
  const order = epochOrder(size, seed, epoch);
  const batchCount = batchesPerEpoch(size, batchSize, { dropLast });
  const batches: Int32Array[] = [];
  for (let batch = 0; batch < batchCount; batch++) {
    batches.push(order.subarray(batch * batchSize, Math.min(size, (batch + 1) * batchSize))); // (≤ batchSize)
  }
  return batches;
}

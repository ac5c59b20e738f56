import { DataArgumentError } from '../errors.js';
import {
  batchesPerEpoch,
  checkBatchSize,
  checkNonNegativeInteger,
  type DropLastOption,
  epochOrder,
} from './epoch-batches.js';

/**
 * Everything a BatchIterator is: plain JSON, saved with a checkpoint so that `BatchIterator.fromState`
 * continues at the exact next batch.
 */
export interface BatchIteratorState {
  /** Number of items in the data set. */
  size: number;
  batchSize: number;
  seed: number;
  dropLast: boolean;
  /** The epoch of the next batch. */
  epoch: number;
  /** The index of the next batch within that epoch (the position in the epoch). */
  batchInEpoch: number;
}

export interface BatchIteratorOptions extends DropLastOption {
  size: number;
  batchSize: number;
  seed: number;
}

/** One batch: indices into the data set, and where in the run it sits. */
export interface IndexBatch {
  epoch: number;
  batchInEpoch: number;
  /** (B) indices, B = batchSize except for a kept short last batch. */
  indices: Int32Array;
}

/**
 * An endless, deterministic sequence of shuffled batches: epoch after epoch, each epoch's order being
 * `epochOrder(size, seed, epoch)`. Same seed → same batches; `state()` / `fromState` resume mid-epoch.
 */
export class BatchIterator {
  readonly size: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly batchesPerEpoch: number;
  private epoch = 0;
  private batchInEpoch = 0;
  /** The order of `cachedEpoch`, computed once per epoch. */
  private cachedOrder: Int32Array | undefined;
  private cachedEpoch = -1;

  constructor({ size, batchSize, seed, dropLast = false }: BatchIteratorOptions) {
    checkNonNegativeInteger(size, 'size', 'BatchIterator');
    checkBatchSize(batchSize, 'BatchIterator');
    checkNonNegativeInteger(seed, 'seed', 'BatchIterator');
    this.size = size;
    this.batchSize = batchSize;
    this.seed = seed;
    this.dropLast = dropLast;
    this.batchesPerEpoch = batchesPerEpoch(size, batchSize, { dropLast });
    if (this.batchesPerEpoch === 0) {
      throw new DataArgumentError(
        `BatchIterator: ${size} items make no batch of ${batchSize}${dropLast ? ' with dropLast' : ''}`,
      );
    }
  }

  /** Rebuilds an iterator from `state()`; it continues with the very batch the saved one would have. */
  static fromState(state: BatchIteratorState): BatchIterator {
    if (state === null || typeof state !== 'object' || typeof state.dropLast !== 'boolean') {
      throw new DataArgumentError(
        `BatchIterator.fromState: not a saved state; expected {size, batchSize, seed, dropLast, epoch, batchInEpoch}, got ${JSON.stringify(state)}`,
      );
    }
    const iterator = new BatchIterator(state);
    checkNonNegativeInteger(state.epoch, 'epoch', 'BatchIterator.fromState');
    checkNonNegativeInteger(state.batchInEpoch, 'batchInEpoch', 'BatchIterator.fromState');
    if (state.batchInEpoch >= iterator.batchesPerEpoch) {
      throw new DataArgumentError(
        `BatchIterator.fromState: batchInEpoch = ${state.batchInEpoch}; expected < ${iterator.batchesPerEpoch} batches per epoch`,
      );
    }
    iterator.epoch = state.epoch;
    iterator.batchInEpoch = state.batchInEpoch;
    return iterator;
  }

  /** The position of the next batch, as plain JSON. */
  state(): BatchIteratorState {
    return {
      size: this.size,
      batchSize: this.batchSize,
      seed: this.seed,
      dropLast: this.dropLast,
      epoch: this.epoch,
      batchInEpoch: this.batchInEpoch,
    };
  }

  /** The next batch of indices; after an epoch's last batch comes the next epoch's first. */
  nextBatch(): IndexBatch {
    if (this.cachedEpoch !== this.epoch) {
      this.cachedOrder = epochOrder(this.size, this.seed, this.epoch);
      this.cachedEpoch = this.epoch;
    }
    const start = this.batchInEpoch * this.batchSize;
    const indices = this.cachedOrder!.slice(start, Math.min(this.size, start + this.batchSize)); // (B)
    const batch = { epoch: this.epoch, batchInEpoch: this.batchInEpoch, indices };
    this.batchInEpoch++;
    if (this.batchInEpoch === this.batchesPerEpoch) {
      this.epoch++;
      this.batchInEpoch = 0;
    }
    return batch;
  }
}

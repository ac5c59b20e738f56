import { BatchIterator, type BatchIteratorState } from '@latentlab/data';
import { allocate, type Tensor, tensor } from '@latentlab/tensor';
import type { BatchSource } from './batch-source.js';

/** A data set in memory: `count` examples of `exampleShape` float32 values each, with class labels. */
export interface LabeledExamples {
  examples: Float32Array; // (N, …exampleShape)
  labels: Int32Array; // (N)
  exampleShape: readonly number[];
}

/** One batch of examples and their labels. */
export interface LabeledBatch {
  x: Tensor<'float32'>; // (B, …exampleShape)
  labels: Tensor<'int32'>; // (B)
  /** The rows of the data set in this batch. */
  indices: Int32Array;
}

export interface LabeledBatchOptions {
  batchSize: number;
  /** Seeds the shuffled order (one permutation per epoch). */
  seed: number;
}

/**
 * Seeded, shuffled, resumable batches over a labelled data set (full batches only: every step has the same
 * shape). The order is `@latentlab/data`'s BatchIterator: the same seed gives the same batches anywhere.
 */
export function labeledBatches(
  data: LabeledExamples,
  { batchSize, seed }: LabeledBatchOptions,
): BatchSource<LabeledBatch> {
  const count = data.labels.length;
  const exampleSize = data.exampleShape.reduce((product, dim) => product * dim, 1);
  if (data.examples.length !== count * exampleSize) {
    throw new RangeError(
      `labeledBatches: ${data.examples.length} example values for ${count} labels of shape [${data.exampleShape.join(', ')}]; expected ${count * exampleSize}`,
    );
  }
  let iterator = new BatchIterator({ size: count, batchSize, seed, dropLast: true });
  return {
    next() {
      const { indices } = iterator.nextBatch();
      const values = allocate('float32', indices.length * exampleSize) as Float32Array;
      for (let row = 0; row < indices.length; row++) {
        const from = indices[row]! * exampleSize;
        values.set(data.examples.subarray(from, from + exampleSize), row * exampleSize);
      }
      return {
        x: tensor(values, [indices.length, ...data.exampleShape]),
        labels: tensor(
          Int32Array.from(indices, (index) => data.labels[index]!),
          [indices.length],
          'int32',
        ),
        indices,
      };
    },
    state: () => iterator.state(),
    restore(state) {
      iterator = BatchIterator.fromState(state as BatchIteratorState);
    },
  };
}

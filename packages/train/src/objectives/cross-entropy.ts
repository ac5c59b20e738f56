import { type Rng, type Tensor, tensor } from '@latentlab/tensor';
import type { Objective } from '../objective.js';

/** Inputs and integer class targets: (B) for a classifier, (B, T) for a token model. */
export interface ClassificationBatch {
  x: Tensor; // (B, …) the model input
  labels: Tensor<'int32'>; // (B) or (B, T)
}

export interface CrossEntropyOptions {
  /** Number of classes (or the vocabulary size): the last axis of the logits. */
  classes: number;
  /** The model input name (default 'x') and the logits output name (default 'logits'). */
  inputName?: string;
  outputName?: string;
  /** Targets equal to this are left out of the mean (e.g. padding); none by default. */
  ignoreIndex?: number;
  /** Augments the input with the step's randomness (e.g. random shifts) before the forward pass. */
  augment?: (x: Tensor, rng: Rng) => Tensor;
}

/**
 * Cross-entropy of softmax logits against integer targets, −mean log p(target), written against `Ops`:
 * log-softmax over the last axis, times a one-hot of the targets built on the JS side, summed over classes.
 * Logits (B, [T,] V), targets (B, [T]) → ().
 */
export function crossEntropyObjective(options: CrossEntropyOptions): Objective<ClassificationBatch> {
  const { classes } = options;
  const inputName = options.inputName ?? 'x';
  const outputName = options.outputName ?? 'logits';
  return {
    name: 'cross-entropy',
    loss({ ops, forward, rng }, batch) {
      const input = options.augment ? options.augment(batch.x, rng) : batch.x;
      const logits = forward({ [inputName]: ops.constant(input) })[outputName];
      if (logits === undefined)
        throw new RangeError(`crossEntropyObjective: the model has no output '${outputName}'`);
      const { oneHot, kept } = oneHotTargets(batch.labels, classes, options.ignoreIndex);
      const logProbabilities = ops.logSoftmax(logits, -1); // (B, [T,] V)
      const picked = ops.sum(ops.mul(logProbabilities, ops.constant(oneHot)), -1); // (B, [T])
      const loss =
        kept === batch.labels.data.length
          ? ops.neg(ops.mean(picked))
          : ops.div(ops.neg(ops.sum(picked)), ops.scalar(Math.max(kept, 1)));
      return { loss };
    },
  };
}

/** (B, [T]) int32 → one-hot (B, [T,] V) float32; ignored targets get an all-zero row. */
export function oneHotTargets(labels: Tensor<'int32'>, classes: number, ignoreIndex?: number) {
  const values = new Float32Array(labels.data.length * classes);
  let kept = 0;
  labels.data.forEach((label, position) => {
    if (label === ignoreIndex) return;
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new RangeError(
        `crossEntropyObjective: target ${label} at position ${position}; expected 0 … ${classes - 1}`,
      );
    }
    values[position * classes + label] = 1;
    kept += 1;
  });
  return { oneHot: tensor(values, [...labels.shape, classes]), kept };
}

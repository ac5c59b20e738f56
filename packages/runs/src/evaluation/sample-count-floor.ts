import { gatherRows, toFloatImages } from '@latentlab/data';
import { classifierFeatures, featureFrechetDistance } from '@latentlab/metrics';
import type { Tensor } from '@latentlab/tensor';
import type { DatasetEvaluation } from '../recipes/datasets.js';

/**
 * Rows of `count` training images, class-balanced as `latentlab eval`'s samples are (count / classes of
 * each class) and spread evenly over each class's images: the split's first images are not representative
 * (on MNIST the first 2,000 score 12.21 against the test split, 2,000 spread over it 5.97).
 */
export function balancedSpreadRows(labels: ArrayLike<number>, classes: number, count: number): number[] {
  if (count <= 0 || count % classes !== 0) {
    throw new RangeError(
      `balancedSpreadRows: count ${count} is not a positive multiple of ${classes} classes`,
    );
  }
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  for (let row = 0; row < labels.length; row++) byClass[labels[row]!]?.push(row);
  const perClass = count / classes;
  return byClass.flatMap((rows, label) => {
    if (rows.length < perClass) {
      throw new RangeError(
        `balancedSpreadRows: class ${label} has ${rows.length} training images, fewer than the ${perClass} asked`,
      );
    }
    return Array.from({ length: perClass }, (_, k) => rows[Math.floor((k * rows.length) / perClass)]!);
  });
}

/**
 * The real-vs-real floor at a sample count: classifier FID of `count` real training images (chosen by
 * `balancedSpreadRows`) against the same reference features the samples are scored on. FID is biased
 * upwards at small counts, so a model's FID at N samples is read beside this floor at N, not beside the
 * 10,000-vs-10,000 floor the classifier's metadata stores.
 */
export function floorAtSampleCount(
  evaluation: DatasetEvaluation,
  count: number,
  classes: number,
  referenceFeatures: Tensor, // (R, F)
): number {
  const train = evaluation.loadTrainSplit();
  const rows = balancedSpreadRows(train.labels.data, classes, count);
  const real = toFloatImages(gatherRows(train.images, rows)); // (count, 1, 28, 28) in [−1, 1]
  return featureFrechetDistance(classifierFeatures(real, evaluation.dataset).features, referenceFeatures);
}

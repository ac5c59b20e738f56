import type { Tensor } from '@latentlab/tensor';
import { MetricsArgumentError } from './errors.js';
import { type ClassifierOutputs, classifierFeatures } from './features.js';
import { featureFrechetDistance } from './frechet-distance.js';
import { loadClassifier } from './load.js';
import type { ClassifierDataset } from './weights-file.js';

/**
 * Classifier FID: the Fréchet distance between Gaussians fitted to the classifier's penultimate features
 * of `generated` and of `reference` images (both (N, 1, 28, 28) float32 in [−1, 1]; e.g. the test split).
 * Lower is better; compare it with `realVsRealFloor(dataset)`, never with Inception FID.
 */
export function classifierFid(generated: Tensor, reference: Tensor, dataset: ClassifierDataset): number {
  return featureFrechetDistance(
    classifierFeatures(generated, dataset).features,
    classifierFeatures(reference, dataset).features,
  );
}

/** Fraction of images the classifier assigns to their intended class (for class-conditional samples). */
export function classAccuracy(
  images: Tensor,
  intendedLabels: Tensor | ArrayLike<number>,
  dataset: ClassifierDataset,
): number {
  return accuracyOf(classifierFeatures(images, dataset), intendedLabels);
}

/**
 * The real-vs-real floor: classifier FID between the first 10,000 train images and the 10,000 test images
 * of `dataset` — what two real samples of this size already score. Measured once with the shipped weights
 * (`scripts/measure-floor.ts`) and read from the weights file's metadata (`fid_floor`).
 */
export function realVsRealFloor(dataset: ClassifierDataset): number {
  const floor = Number(loadClassifier(dataset).metadata['fid_floor']);
  if (!Number.isFinite(floor)) {
    throw new MetricsArgumentError(
      `realVsRealFloor: the ${dataset} weights carry no fid_floor metadata; run scripts/measure-floor.ts`,
    );
  }
  return floor;
}

/** What `evaluateSamples` reports: every FID beside its floor. */
export interface SampleEvaluation {
  /** Classifier FID of the samples against the reference images. */
  fid: number;
  /** Real-vs-real floor of the dataset (train vs test features). */
  floor: number;
  /** Class accuracy of the samples when intended labels were given. */
  accuracy?: number;
}

/** Classifier FID of `generated` against `reference`, the floor, and class accuracy when labels are given. */
export function evaluateSamples(
  generated: Tensor,
  reference: Tensor,
  dataset: ClassifierDataset,
  intendedLabels?: Tensor | ArrayLike<number>,
): SampleEvaluation {
  const outputs = classifierFeatures(generated, dataset);
  const fid = featureFrechetDistance(outputs.features, classifierFeatures(reference, dataset).features);
  const floor = realVsRealFloor(dataset);
  return intendedLabels === undefined
    ? { fid, floor }
    : { fid, floor, accuracy: accuracyOf(outputs, intendedLabels) };
}

/** Fraction of rows whose arg-max logit equals the label. */
export function accuracyOf(outputs: ClassifierOutputs, labels: Tensor | ArrayLike<number>): number {
  const values = 'data' in labels && 'shape' in labels ? labels.data : labels;
  const [count, classes] = outputs.logits.shape as [number, number];
  if (values.length !== count) {
    throw new MetricsArgumentError(`classAccuracy: ${count} images but ${values.length} intended labels`);
  }
  let correct = 0;
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (
        (outputs.logits.data[i * classes + k] as number) > (outputs.logits.data[i * classes + best] as number)
      )
        best = k;
    }
    if (best === values[i]) correct++;
  }
  return count === 0 ? Number.NaN : correct / count;
}

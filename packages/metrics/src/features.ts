import { type ParamStore, type Params, paramsFromMap, type Tensor } from '@latentlab/tensor';
import { runModel, tf, toTf } from '@latentlab/tfjs';
import {
  CLASSIFIER_CLASSES,
  CLASSIFIER_FEATURES,
  CLASSIFIER_IMAGE_SIZE,
  classifierModel,
} from './classifier.js';
import { MetricsArgumentError } from './errors.js';
import { loadClassifier } from './load.js';
import type { ClassifierDataset } from './weights-file.js';

export interface ClassifierOutputs {
  /** Penultimate-layer features (N, 128). */
  features: Tensor<'float32'>;
  /** Class logits (N, 10). */
  logits: Tensor<'float32'>;
}

/** Images per forward pass: bounds memory, not results. */
export const FEATURE_BATCH_SIZE = 500;

/**
 * Runs the classifier with weights `store` over images (N, 1, 28, 28) float32 in [−1, 1], in batches
 * through tfjs, and returns its features and logits.
 */
export function runClassifier(images: Tensor, store: ParamStore): ClassifierOutputs {
  const shape = images.shape;
  const size = CLASSIFIER_IMAGE_SIZE;
  if (
    images.dtype !== 'float32' ||
    shape.length !== 4 ||
    shape[1] !== 1 ||
    shape[2] !== size ||
    shape[3] !== size
  ) {
    throw new MetricsArgumentError(
      `classifier input: expected float32 images (N, 1, ${size}, ${size}) in [-1, 1], got ${images.dtype} (${shape.join(', ')})`,
    );
  }
  const count = shape[0] as number;
  const features = new Float32Array(count * CLASSIFIER_FEATURES);
  const logits = new Float32Array(count * CLASSIFIER_CLASSES);
  const pixels = size * size;
  const variables = new Map([...store].map(([name, value]) => [name, toTf(value)]));
  const params: Params<tf.Tensor> = paramsFromMap(variables);
  try {
    for (let start = 0; start < count; start += FEATURE_BATCH_SIZE) {
      const end = Math.min(count, start + FEATURE_BATCH_SIZE);
      const [batchFeatures, batchLogits] = tf.tidy(() => {
        const x = tf.tensor4d(images.data.subarray(start * pixels, end * pixels) as Float32Array, [
          end - start,
          1,
          size,
          size,
        ]);
        const outputs = runModel(classifierModel, params, { x });
        return [outputs['features'] as tf.Tensor, outputs['logits'] as tf.Tensor];
      });
      features.set(batchFeatures.dataSync(), start * CLASSIFIER_FEATURES); // (b, 128)
      logits.set(batchLogits.dataSync(), start * CLASSIFIER_CLASSES); // (b, 10)
      batchFeatures.dispose();
      batchLogits.dispose();
    }
  } finally {
    for (const value of variables.values()) value.dispose();
  }
  return {
    features: { data: features, shape: [count, CLASSIFIER_FEATURES], dtype: 'float32' },
    logits: { data: logits, shape: [count, CLASSIFIER_CLASSES], dtype: 'float32' },
  };
}

/**
 * Features (N, 128) and logits (N, 10) of the shipped classifier of `dataset` for images
 * (N, 1, 28, 28) float32 in [−1, 1] (`toFloatImages` of @latentlab/data gives this layout).
 */
export function classifierFeatures(images: Tensor, dataset: ClassifierDataset): ClassifierOutputs {
  return runClassifier(images, loadClassifier(dataset).params);
}

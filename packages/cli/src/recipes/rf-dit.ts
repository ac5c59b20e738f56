import { type LabeledImages, loadFashionMnist, loadMnist, toFloatImages } from '@latentlab/data';
import { ditS4 } from '@latentlab/dit';
import type { ModelOverrides } from '../training/settings.js';
import type { ModelConfig } from './model-config.js';
import type { Recipe, TrainingData } from './recipe.js';

/** ditS4 (28×28×1, patch 4, D 128, 4 blocks, 4 heads) with the size flags applied. */
function ditModelConfig(overrides: ModelOverrides): ModelConfig {
  const config = ditS4({
    ...(overrides.hidden !== undefined && { hiddenSize: overrides.hidden }),
    ...(overrides.depth !== undefined && { depth: overrides.depth }),
    ...(overrides.heads !== undefined && { heads: overrides.heads }),
    ...(overrides.patch !== undefined && { patchSize: overrides.patch }),
    ...(overrides.positionEmbedding !== undefined && { positionEmbedding: overrides.positionEmbedding }),
  });
  return { kind: 'dit', ...config };
}

function imagesData(load: () => LabeledImages): TrainingData {
  const { images, labels } = load();
  const examples = toFloatImages(images); // (N, 1, 28, 28) in [−1, 1]
  const count = labels.data.length;
  return { examples: examples.data, labels: labels.data, count, exampleSize: examples.data.length / count };
}

const DIT_DEFAULTS = {
  batchSize: 64,
  learningRate: 1e-4,
  steps: 10_000,
  sampleEvery: 1000,
  checkpointEvery: 500,
};

const MNIST_EVALUATION = {
  dataset: 'mnist',
  loadTestImages: () => toFloatImages(loadMnist({ split: 'test' }).images),
} as const;

/** Rectified-flow DiT on MNIST digits (class-conditional, CFG label dropout). */
export const rfDitMnist: Recipe = {
  name: 'rf-dit-mnist',
  description: 'rectified flow, DiT (ditS4), MNIST 28×28 digits, 10 classes',
  defaults: DIT_DEFAULTS,
  modelConfig: ditModelConfig,
  loadData: () => imagesData(() => loadMnist({ split: 'train' })),
  evaluation: MNIST_EVALUATION,
};

/**
 * The README's main job: rf-dit-mnist shortened to ~10 minutes on 2 CPU cores (native backend). Batch 32
 * at a higher learning rate with warm-up and uniform training times (every t, the high-noise end included,
 * gets trained from the start). 1,500 steps draw recognisable but rough digits; the same DiT in PyTorch
 * (../shared/bench/dit_ref.py's model) looks the same at the same step count.
 */
export const rfDitMnistQuick: Recipe = {
  name: 'rf-dit-mnist-quick',
  description: 'rf-dit-mnist in ~10 minutes on 2 CPU cores: recognisable digits, not the best ones',
  defaults: {
    ...DIT_DEFAULTS,
    batchSize: 32,
    learningRate: 2e-3,
    warmupSteps: 100,
    timeDistribution: 'uniform',
    steps: 1500,
    sampleEvery: 500,
    checkpointEvery: 500,
  },
  modelConfig: ditModelConfig,
  loadData: () => imagesData(() => loadMnist({ split: 'train' })),
  evaluation: MNIST_EVALUATION,
};

/** Rectified-flow DiT on Fashion-MNIST clothing (class-conditional, CFG label dropout). */
export const rfDitFashion: Recipe = {
  name: 'rf-dit-fashion',
  description: 'rectified flow, DiT (ditS4), Fashion-MNIST 28×28 clothing, 10 classes',
  defaults: DIT_DEFAULTS,
  modelConfig: ditModelConfig,
  loadData: () => imagesData(() => loadFashionMnist({ split: 'train' })),
  evaluation: {
    dataset: 'fashion-mnist',
    loadTestImages: () => toFloatImages(loadFashionMnist({ split: 'test' }).images),
  },
};

import { type LabeledImages, loadFashionMnist, loadMnist, toFloatImages, twoMoons } from '@latentlab/data';
import type { ClassifierDataset } from '@latentlab/metrics';
import { createRng, type Tensor } from '@latentlab/tensor';
import type { LabeledExamples } from '@latentlab/train';

/** The data sets recipes train on. */
export const DATASETS = ['mnist', 'fashion-mnist', 'two-moons'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** The classes of each data set's labels (0 … classes − 1): what a class-conditional model is sized for. */
export const DATASET_CLASSES: Readonly<Record<DatasetName, number>> = {
  mnist: 10,
  'fashion-mnist': 10,
  'two-moons': 2,
};

/** Stream of the training seed that generates the toy data set (far from the per-step streams). */
const DATA_STREAM = 2 ** 40;
const MOON_POINTS = 8192;

function images(load: () => LabeledImages): LabeledExamples {
  const { images: pixels, labels } = load();
  const examples = toFloatImages(pixels); // (N, 1, 28, 28) in [−1, 1]
  return { examples: examples.data, labels: labels.data, exampleShape: examples.shape.slice(1) };
}

/** The training split in memory: images in [−1, 1], or two moons generated from `seed`. */
export function loadTrainingData(dataset: DatasetName, seed: number): LabeledExamples {
  switch (dataset) {
    case 'mnist':
      return images(() => loadMnist({ split: 'train' }));
    case 'fashion-mnist':
      return images(() => loadFashionMnist({ split: 'train' }));
    case 'two-moons': {
      const { points, labels } = twoMoons(MOON_POINTS, createRng(seed).split(DATA_STREAM), 0.05);
      return { examples: points.data, labels: labels.data, exampleShape: [2] };
    }
  }
}

/** The metrics classifier of a data set and its test split (the FID reference); none for toy data. */
export interface DatasetEvaluation {
  dataset: ClassifierDataset;
  /** The test split as float32 (N, 1, 28, 28) in [−1, 1]. */
  loadTestImages(): Tensor<'float32'>;
  /** The test split's images (as `loadTestImages`) and labels (N). */
  loadTestSplit(): { images: Tensor<'float32'>; labels: Int32Array };
  /** The training split as stored: uint8 images (N, 28, 28) and labels (N), for real-vs-real floors. */
  loadTrainSplit(): LabeledImages;
}

function splits(
  dataset: ClassifierDataset,
  load: (options: { split: 'train' | 'test' }) => LabeledImages,
): DatasetEvaluation {
  const loadTestSplit = () => {
    const { images: pixels, labels } = load({ split: 'test' });
    return { images: toFloatImages(pixels), labels: labels.data };
  };
  return {
    dataset,
    loadTestImages: () => loadTestSplit().images,
    loadTestSplit,
    loadTrainSplit: () => load({ split: 'train' }),
  };
}

export function datasetEvaluation(dataset: DatasetName): DatasetEvaluation | undefined {
  switch (dataset) {
    case 'mnist':
      return splits(dataset, loadMnist);
    case 'fashion-mnist':
      return splits(dataset, loadFashionMnist);
    case 'two-moons':
      return undefined;
  }
}

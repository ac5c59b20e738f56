import type { ClassifierDataset } from '@latentlab/metrics';
import type { Tensor } from '@latentlab/tensor';
import type { ModelOverrides, TrainSettings } from '../training/settings.js';
import type { ModelConfig } from './model-config.js';

/** A data set in memory: `count` examples of `exampleSize` float32 values each, with class labels. */
export interface TrainingData {
  examples: Float32Array; // (N, …sampleShape)
  labels: Int32Array; // (N)
  count: number;
  exampleSize: number;
}

/** A named training setup: model, data and the hyperparameters that differ from the defaults. */
export interface Recipe {
  name: string;
  description: string;
  defaults: Partial<Omit<TrainSettings, 'recipe' | 'model'>>;
  modelConfig(overrides: ModelOverrides): ModelConfig;
  /** Loads (or generates, from `seed`) the training data. */
  loadData(seed: number): TrainingData;
  /** How `latentlab eval` scores samples; absent when no metrics classifier covers the data set. */
  evaluation?: RecipeEvaluation;
}

/** The metrics classifier of a recipe's data set and the real images its samples are compared with. */
export interface RecipeEvaluation {
  dataset: ClassifierDataset;
  /** The test split as float32 (N, 1, 28, 28) in [−1, 1]: the FID reference. */
  loadTestImages(): Tensor<'float32'>;
}

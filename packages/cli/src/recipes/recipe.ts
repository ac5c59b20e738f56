import type { Spacing } from '@latentlab/samplers';
import type { PredictionTarget } from '@latentlab/schedules';
import type { LossWeightingName } from '@latentlab/train';
import type { TrainSettings } from '../training/settings.js';
import type { DatasetName } from './datasets.js';
import type { ModelConfig } from './model-config.js';

/**
 * The diffusion side of a recipe, as data: which process noises the data, what the network predicts, how
 * the loss is weighted, whether the network is wrapped in a preconditioning, and how to sample it.
 * Saved with every run (state.json) and in the model card of its exports.
 */
export interface DiffusionSpec {
  /** A @latentlab/schedules `processByName` name: 'rf', 'vp-cosine', 'edm', … */
  process: string;
  target: PredictionTarget;
  weighting: LossWeightingName;
  /** γ of 'min-snr', σ_data of 'edm'. */
  weightingParameter?: number;
  /**
   * Default sampling path: spacing of the levels, the noisiest time to start from, and the range each x̂₀
   * estimate is clamped to (see `clipDenoised` of @latentlab/samplers).
   */
  sampling?: { spacing?: Spacing; tStart?: number; clipDenoised?: [number, number] };
}

/**
 * A training setup as data: data set, model, objective and the hyperparameters that differ from the
 * defaults. `latentlab train --recipe NAME` uses the registry's; `train({ recipe })` accepts any object.
 */
export interface Recipe {
  name: string;
  description: string;
  dataset: DatasetName;
  /** The network; `--hidden`, `--depth`, … override its size (see `withModelOverrides`). */
  model: ModelConfig;
  diffusion: DiffusionSpec;
  defaults: Partial<Omit<TrainSettings, 'recipe' | 'model'>>;
}

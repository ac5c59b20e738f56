import type { ModelFunction, ParameterMaintenance, ParamStore, Rng } from '@latentlab/tensor';
import type { LabeledBatch, LabeledExamples, Objective } from '@latentlab/train';

/**
 * What `train` needs from a recipe, whatever it trains: the model, its fresh parameters, the objective of a
 * labelled batch, the parameter maintenance (a VQ codebook's), the fields saved in the run state, and the
 * picture it draws at sample steps (samples of a denoiser, reconstructions of an autoencoder).
 */
export interface TrainingPlan {
  model: ModelFunction;
  /** The config saved as the run's `modelConfig` (what export, sample and eval rebuild the model from). */
  modelConfig: unknown;
  initialParams(rng: Rng): ParamStore;
  objective: Objective<LabeledBatch>;
  maintenance: ParameterMaintenance[];
  /** Recipe-specific fields of the run state (e.g. `diffusion` or `autoencoder`). */
  state: Record<string, unknown>;
  /** The training examples, when they are not the recipe's data set as images (e.g. a tokenizer's tokens). */
  loadData?: () => Promise<LabeledExamples>;
  /** Writes the grid PNG of `weights` (the EMA weights) to `path`. */
  writeSamples(weights: ParamStore, path: string): Promise<void>;
}

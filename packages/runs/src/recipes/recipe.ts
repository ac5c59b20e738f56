import type { AutoencoderConfig } from '@latentlab/autoencoders';
import type { Spacing } from '@latentlab/samplers';
import type { PredictionTarget } from '@latentlab/schedules';
import type { LossWeightingName } from '@latentlab/train';
import type { DistillRecipe } from './distill-recipes.js';
import type { ModelConfig } from './model-config.js';
import type { RecipeBase } from './recipe-base.js';

export type { RecipeBase } from './recipe-base.js';

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
  sampling?: {
    spacing?: Spacing;
    tStart?: number;
    clipDenoised?: [number, number];
    /** Default steps and guidance scale of `latentlab sample` (a distilled student's: its steps, scale 1). */
    steps?: number;
    guidanceScale?: number;
  };
}

/**
 * The objective side of an autoencoder recipe: the reconstruction distance, the VAE's KL weight, and how a
 * VQ-VAE's codebook is kept. Saved with every run.
 */
export interface AutoencoderSpec {
  distance: 'mse' | 'l1';
  /** β of a VAE: loss = mean distance per pixel + β · KL in nats per image. */
  klWeight?: number;
  /** A VQ-VAE's codebook: updated by its loss or by EMA; dead codes restarted; k-means from the first batch. */
  codebook?: { update: 'loss' | 'ema'; restartDeadCodes: boolean; kMeansInit: boolean };
}

/** A denoiser trained with the generalized diffusion objective. */
export interface DiffusionRecipe extends RecipeBase {
  /** The network; `--hidden`, `--depth`, … override its size (see `withModelOverrides`). */
  model: ModelConfig;
  diffusion: DiffusionSpec;
  /**
   * Latent diffusion (Rombach et al. 2022): the denoiser models the scaled latents of a VAE run given with
   * `--autoencoder DIR` instead of pixels; its input shape is that VAE's latent grid.
   */
  latent?: { autoencoder: 'vae' };
}

/** A VAE, VQ-VAE or FSQ autoencoder trained to reconstruct its data set. */
export interface AutoencoderRecipe extends RecipeBase {
  model: AutoencoderConfig;
  autoencoder: AutoencoderSpec;
}

/** The size of an autoregressive token transformer (vocabulary, length and classes come from its tokenizer). */
export interface TokenModelSize {
  /** 'ar': raster-order decoder; 'maskgit': bidirectional masked model (Chang et al. 2022). */
  kind: 'ar' | 'maskgit';
  width: number;
  depth: number;
  heads: number;
  mlpRatio: number;
}

/**
 * A token model trained on the token grids of a VQ-VAE or FSQ run (`--tokenizer DIR`): next-token
 * prediction in raster order with CFG label dropout.
 */
export interface TokenRecipe extends RecipeBase {
  model: TokenModelSize;
  tokens: { order: 'raster' | 'masked' };
}

/**
 * A training setup as data: data set, model, objective and the hyperparameters that differ from the
 * defaults. `latentlab train --recipe NAME` uses the registry's; `train({ recipe })` accepts any object.
 */
export type Recipe = DiffusionRecipe | AutoencoderRecipe | TokenRecipe | DistillRecipe;

export const isAutoencoderRecipe = (recipe: Recipe): recipe is AutoencoderRecipe => 'autoencoder' in recipe;
export const isTokenRecipe = (recipe: Recipe): recipe is TokenRecipe => 'tokens' in recipe;
export const isDistillRecipe = (recipe: Recipe): recipe is DistillRecipe => 'distill' in recipe;
export const isDiffusionRecipe = (recipe: Recipe): recipe is DiffusionRecipe => 'diffusion' in recipe;
export const isLatentDiffusionRecipe = (recipe: Recipe): recipe is DiffusionRecipe & { latent: object } =>
  isDiffusionRecipe(recipe) && recipe.latent !== undefined;

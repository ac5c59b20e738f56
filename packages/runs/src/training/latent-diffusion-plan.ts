import { latentShape, latentsToModelSpace } from '@latentlab/autoencoders';
import { CliError, FieldError } from '../errors.js';
import {
  type LatentRunInfo,
  latentRunInfo,
  loadLatentAutoencoder,
  trainingLatents,
} from '../latents/latent-autoencoder.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { DiffusionRecipe } from '../recipes/recipe.js';
import { tfjsLatentDecoder } from '../sampling/latent-decoder.js';
import { diffusionPlan } from './diffusion-plan.js';
import type { TrainSettings } from './settings.js';
import type { TrainingPlan } from './training-plan.js';

/** The VAE run a latent recipe needs (`--autoencoder DIR`), or a CliError saying so. */
function requireAutoencoder(recipe: DiffusionRecipe, settings: TrainSettings): string {
  if (!settings.autoencoder) {
    throw new FieldError(
      'autoencoder',
      undefined,
      `DIR (a vae-* run) is required: ${recipe.name} models a VAE's latents`,
    );
  }
  return settings.autoencoder;
}

/**
 * A latent denoiser's network: the recipe's (with the size flags) over the VAE's latent grid — channels
 * and size come from `--autoencoder`'s config.
 */
export function latentModelConfig(
  recipe: DiffusionRecipe,
  settings: TrainSettings,
  model: ModelConfig,
): ModelConfig {
  const autoencoder = loadLatentAutoencoder(requireAutoencoder(recipe, settings));
  if (model.kind !== 'dit') throw new CliError(`${recipe.name}: a latent model is a DiT`);
  const [channels, size] = latentShape(autoencoder.config);
  return { ...model, channels: channels!, outputChannels: channels!, imageSize: size! };
}

/**
 * A latent diffusion plan (Rombach et al. 2022): the diffusion plan of the recipe over the VAE's training
 * latents (posterior means, cached in its run folder) scaled to unit variance, with sample grids decoded by
 * the VAE on tfjs; the run state records the VAE (folder, recipe, step, id) and the scaling.
 */
export function latentDiffusionPlan(
  recipe: DiffusionRecipe,
  settings: TrainSettings,
  modelConfig: ModelConfig,
  saved?: LatentRunInfo,
): TrainingPlan {
  const autoencoder = loadLatentAutoencoder(requireAutoencoder(recipe, settings));
  const latent = saved ?? latentRunInfo(autoencoder, recipe.dataset);
  const plan = diffusionPlan(
    recipe,
    settings,
    modelConfig,
    tfjsLatentDecoder(autoencoder, latent.latentScaling),
  );
  return {
    ...plan,
    state: { ...plan.state, latent },
    loadData: async () => {
      const { latents, labels, latentShape: shape } = await trainingLatents(autoencoder, recipe.dataset);
      return {
        examples: latentsToModelSpace(latents, latent.latentScaling),
        labels,
        exampleShape: shape,
      };
    },
  };
}

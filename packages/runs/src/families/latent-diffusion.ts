import { exportLatentDiffusion } from '../export/export-latent-diffusion.js';
import { type LatentRunInfo, loadLatentAutoencoder } from '../latents/latent-autoencoder.js';
import { type ModelConfig, withModelOverrides } from '../recipes/model-config.js';
import { type DiffusionRecipe, isLatentDiffusionRecipe } from '../recipes/recipe.js';
import { latentDiffusionPlan, latentModelConfig } from '../training/latent-diffusion-plan.js';
import { denoiserParts, diffusionSettingDefaults, requireSameInput } from './family-parts.js';
import type { ModelFamily } from './model-family.js';

/** A DiT on the scaled latents of a VAE run (`--autoencoder DIR`), its samples decoded by that VAE. */
export const latentDiffusion: ModelFamily<DiffusionRecipe> = {
  name: 'latent-diffusion',
  noun: 'a latent denoiser',
  owns: (recipe): recipe is DiffusionRecipe => isLatentDiffusionRecipe(recipe),
  settingDefaults: (recipe) => diffusionSettingDefaults(recipe),
  modelConfig: (recipe, settings) =>
    latentModelConfig(recipe, settings, withModelOverrides(recipe.model, settings.model)),
  requireSameInputs(saved, settings, out) {
    // The latents it learnt are that VAE's.
    const before = (saved['latent'] as Partial<LatentRunInfo> | undefined) ?? {};
    requireSameInput(
      out,
      {
        field: 'autoencoder',
        noun: 'autoencoder',
        relation: 'trained on the latents of',
        given: settings.autoencoder!,
      },
      { id: before.autoencoderId, directory: before.directory },
      loadLatentAutoencoder(settings.autoencoder!).id,
    );
  },
  plan: (recipe, settings, modelConfig, saved) =>
    latentDiffusionPlan(
      recipe,
      settings,
      modelConfig as ModelConfig,
      saved?.['latent'] as LatentRunInfo | undefined,
    ),
  ...denoiserParts,
  exporter: {
    into: 'folder',
    why: 'it exports with its VAE decoder',
    run: (checkpoint, path, options) => exportLatentDiffusion(checkpoint, path, options),
  },
};

import { runModelCard } from '../cards/run-card.js';
import type { RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { exportLatentDiffusion } from '../export/export-latent-diffusion.js';
import { type LatentRunInfo, loadLatentAutoencoder } from '../latents/latent-autoencoder.js';
import { type ModelConfig, withModelOverrides } from '../recipes/model-config.js';
import { type DiffusionRecipe, isLatentDiffusionRecipe } from '../recipes/recipe.js';
import { latentDiffusionPlan, latentModelConfig } from '../training/latent-diffusion-plan.js';
import type { ModelFamily } from './model-family.js';

/** A DiT on the scaled latents of a VAE run (`--autoencoder DIR`), its samples decoded by that VAE. */
export const latentDiffusion: ModelFamily<DiffusionRecipe> = {
  name: 'latent-diffusion',
  noun: 'a latent denoiser',
  owns: (recipe): recipe is DiffusionRecipe => isLatentDiffusionRecipe(recipe),
  modelConfig: (recipe, settings) =>
    latentModelConfig(recipe, settings, withModelOverrides(recipe.model, settings.model)),
  requireSameInputs(saved, settings, out) {
    // The latents it learnt are that VAE's.
    const before = (saved['latent'] as Partial<LatentRunInfo> | undefined) ?? {};
    const now = loadLatentAutoencoder(settings.autoencoder!).id;
    if (before.autoencoderId !== now) {
      throw new CliError(
        `cannot resume ${out}: it was trained on the latents of autoencoder ${before.autoencoderId} (${before.directory}) but --autoencoder ${settings.autoencoder} is autoencoder ${now}`,
      );
    }
  },
  plan: (recipe, settings, modelConfig, saved) =>
    latentDiffusionPlan(
      recipe,
      settings,
      modelConfig as ModelConfig,
      saved?.['latent'] as LatentRunInfo | undefined,
    ),
  runCard: (directory, state) => runModelCard(directory, state as RunState),
  exporter: {
    into: 'folder',
    why: 'it exports with its VAE decoder',
    run: (checkpoint, path, options) => exportLatentDiffusion(checkpoint, path, options),
  },
};

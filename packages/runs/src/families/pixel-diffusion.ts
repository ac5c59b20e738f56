import { type ModelConfig, withModelOverrides } from '../recipes/model-config.js';
import { type DiffusionRecipe, isDiffusionRecipe } from '../recipes/recipe.js';
import { diffusionPlan } from '../training/diffusion-plan.js';
import { denoiserRunParts, diffusionSettingDefaults } from './family-parts.js';
import type { ModelFamily } from './model-family.js';

/** A denoiser (DiT or MLP) trained on the pixels of its data set. */
export const pixelDiffusion: ModelFamily<DiffusionRecipe> = {
  name: 'pixel-diffusion',
  noun: 'a denoiser',
  owns: (recipe): recipe is DiffusionRecipe => isDiffusionRecipe(recipe) && recipe.latent === undefined,
  settingDefaults: (recipe) => diffusionSettingDefaults(recipe),
  modelConfig: (recipe, settings) => withModelOverrides(recipe.model, settings.model),
  plan: (recipe, settings, modelConfig) => diffusionPlan(recipe, settings, modelConfig as ModelConfig),
  ...denoiserRunParts,
};

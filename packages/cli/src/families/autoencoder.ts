import { type AutoencoderRecipe, isAutoencoderRecipe } from '../recipes/recipe.js';
import { autoencoderPlan } from '../training/autoencoder-plan.js';
import type { ModelFamily } from './model-family.js';

/** A VAE, VQ-VAE or FSQ autoencoder trained to reconstruct its data set. */
export const autoencoder: ModelFamily<AutoencoderRecipe> = {
  name: 'autoencoder',
  owns: (recipe): recipe is AutoencoderRecipe => isAutoencoderRecipe(recipe),
  modelConfig: (recipe) => recipe.model,
  plan: (recipe) => autoencoderPlan(recipe),
};

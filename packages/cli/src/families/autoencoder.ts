import { autoencoderCard } from '../cards/autoencoder-card.js';
import type { AutoencoderRunState } from '../checkpoint/run-state.js';
import { exportAutoencoder } from '../export/export-autoencoder.js';
import { type AutoencoderRecipe, isAutoencoderRecipe } from '../recipes/recipe.js';
import { sampleAutoencoderRun } from '../sampling/discrete-run-samples.js';
import { autoencoderPlan } from '../training/autoencoder-plan.js';
import type { ModelFamily } from './model-family.js';

/** A VAE, VQ-VAE or FSQ autoencoder trained to reconstruct its data set. */
export const autoencoder: ModelFamily<AutoencoderRecipe> = {
  name: 'autoencoder',
  noun: 'an autoencoder',
  owns: (recipe): recipe is AutoencoderRecipe => isAutoencoderRecipe(recipe),
  modelConfig: (recipe) => recipe.model,
  plan: (recipe) => autoencoderPlan(recipe),
  runCard: (directory, state) => autoencoderCard(directory, state as AutoencoderRunState, 'reconstruct'),
  exporter: {
    into: 'folder',
    why: 'it exports several graphs',
    run: (checkpoint, path, options) => exportAutoencoder(checkpoint, path, options),
  },
  sampleGrid: (request) => sampleAutoencoderRun(request),
};

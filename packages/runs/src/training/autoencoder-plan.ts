import {
  type AutoencoderConfig,
  autoencoderInputSpecs,
  autoencoderModel,
  codebookMaintenance,
  latentShape,
} from '@latentlab/autoencoders';
import { declareParams, type ParameterMaintenance } from '@latentlab/tensor';
import { reconstructionObjective } from '@latentlab/train';
import type { AutoencoderRecipe, AutoencoderSpec } from '../recipes/recipe.js';
import { writeReconstructionGrid } from './reconstruction-grid.js';
import type { TrainingPlan } from './training-plan.js';

/** The loss terms of an autoencoder beside its reconstruction distance, with their weights. */
function lossTerms(config: AutoencoderConfig, spec: AutoencoderSpec): Record<string, number> {
  if (config.kind === 'vae') return { kl: spec.klWeight ?? 1e-4 };
  if (config.kind === 'fsq') return {};
  // β is inside the model's commitment term; the codebook loss is left out when EMA updates the codes.
  return spec.codebook?.update === 'ema' ? { commitment: 1 } : { codebook: 1, commitment: 1 };
}

/**
 * An autoencoder's plan: the reconstruction objective (+ β·KL for a VAE, + codebook and commitment losses for
 * a VQ-VAE), the codebook's maintenance (EMA updates, dead-code restarts, k-means init, usage metrics), and
 * a grid of test images beside their reconstructions.
 */
export function autoencoderPlan(recipe: AutoencoderRecipe): TrainingPlan {
  const config = recipe.model;
  const spec = recipe.autoencoder;
  const model = autoencoderModel(config, 'training');
  const maintenance: ParameterMaintenance[] =
    config.kind === 'vqvae'
      ? [
          codebookMaintenance({
            codebookSize: config.codebookSize,
            codeDim: config.latentChannels,
            update: spec.codebook?.update ?? 'loss',
            restartDeadCodes: spec.codebook?.restartDeadCodes ?? true,
            kMeansInit: spec.codebook?.kMeansInit ?? false,
          }),
        ]
      : [];
  return {
    model,
    modelConfig: config,
    initialParams: (rng) => declareParams(model, autoencoderInputSpecs(config, 'training'), rng),
    objective: reconstructionObjective({
      distance: spec.distance,
      extraLosses: lossTerms(config, spec),
      ...(config.kind === 'vae' ? { noiseInputs: { noise: latentShape(config) } } : {}),
      ...(config.kind === 'vqvae' ? { keepOutputs: ['tokens', 'vectors'] } : {}),
    }),
    maintenance,
    state: { autoencoder: spec },
    writeSamples: (weights, path) =>
      writeReconstructionGrid({ config, dataset: recipe.dataset, weights, path }),
  };
}

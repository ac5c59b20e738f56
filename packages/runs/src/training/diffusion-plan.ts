import { buildModel, initialParams } from '../recipes/build-model.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { DiffusionRecipe } from '../recipes/recipe.js';
import type { SampleDecoder } from '../sampling/latent-decoder.js';
import { recipeObjective } from './recipe-objective.js';
import { writeSampleGrid } from './sample-checkpoint.js';
import type { TrainSettings } from './settings.js';
import type { TrainingPlan } from './training-plan.js';

/**
 * A denoiser's plan: the recipe's diffusion objective with CFG label dropout; Euler + CFG sample grids
 * (decoded by `decoder` for a latent model).
 */
export function diffusionPlan(
  recipe: DiffusionRecipe,
  settings: TrainSettings,
  modelConfig: ModelConfig,
  decoder?: SampleDecoder,
): TrainingPlan {
  return {
    model: buildModel(modelConfig),
    modelConfig,
    initialParams: (rng) => initialParams(modelConfig, rng, settings.initialization),
    objective: recipeObjective(recipe.diffusion, settings, modelConfig.classes),
    maintenance: [],
    state: { diffusion: recipe.diffusion },
    writeSamples: (weights, path) =>
      writeSampleGrid({
        config: modelConfig,
        diffusion: recipe.diffusion,
        weights,
        steps: settings.sampleSteps,
        guidanceScale: settings.guidanceScale,
        seed: settings.seed,
        path,
        ...(decoder ? { decoder } : {}),
      }),
  };
}

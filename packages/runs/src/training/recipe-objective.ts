import { processByName } from '@latentlab/schedules';
import {
  type DiffusionBatch,
  diffusionObjective,
  lossWeightingByName,
  type Objective,
  trainingTimesByName,
} from '@latentlab/train';
import type { DiffusionSpec } from '../recipes/recipe.js';
import type { TrainSettings } from './settings.js';

/** The generalized diffusion objective of a recipe's spec, with the run's time distribution and dropout. */
export function recipeObjective(
  diffusion: DiffusionSpec,
  settings: TrainSettings,
  classes: number,
): Objective<DiffusionBatch> {
  return diffusionObjective({
    process: processByName(diffusion.process),
    target: diffusion.target,
    times: trainingTimesByName(settings.timeDistribution, { mean: settings.timeMean, std: settings.timeStd }),
    weighting: lossWeightingByName(diffusion.weighting, diffusion.weightingParameter),
    labelDropout: { probability: settings.labelDropout, nullClass: classes },
  });
}

import type { DistillRecipe } from '../recipes/distill-recipes.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';
import { consistencyPlan, consistencyStudentConfig } from './consistency-plan.js';
import { progressivePlan } from './progressive-plan.js';
import { openTeacherRun } from './teacher-run.js';

/** The training plan of a distillation recipe's method, from its `--teacher`. */
export function distillPlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  switch (recipe.distill.method) {
    case 'progressive':
      return progressivePlan(recipe, settings);
    case 'consistency':
      return consistencyPlan(recipe, settings);
  }
}

/** A student's network config: its teacher's, in a consistency model's wrapper for that method. */
export function studentModelConfig(recipe: DistillRecipe, settings: TrainSettings): ModelConfig {
  const run = openTeacherRun(settings.teacher, recipe.name);
  return recipe.distill.method === 'consistency' ? consistencyStudentConfig(run) : run.state.modelConfig;
}

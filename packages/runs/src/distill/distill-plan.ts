import type { DistillRecipe } from '../recipes/distill-recipes.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';
import { consistencyPlan, consistencyStudentConfig } from './consistency-plan.js';
import { guidancePlan, guidanceStudentConfig } from './guidance-plan.js';
import { progressivePlan } from './progressive-plan.js';
import { reflowPlan } from './reflow-plan.js';
import { shortcutPlan, shortcutStudentConfig } from './shortcut-plan.js';
import { openTeacherRun } from './teacher-run.js';

/** The training plan of a distillation recipe's method, from its `--teacher`. */
export function distillPlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  switch (recipe.distill.method) {
    case 'guidance':
      return guidancePlan(recipe, settings);
    case 'progressive':
      return progressivePlan(recipe, settings);
    case 'consistency':
      return consistencyPlan(recipe, settings);
    case 'shortcut':
      return shortcutPlan(recipe, settings);
    case 'reflow':
      return reflowPlan(recipe, settings);
  }
}

/**
 * A student's network config: its teacher's — with a w input for guidance distillation, a d input for
 * shortcut distillation, in a consistency model's wrapper for consistency distillation.
 */
export function studentModelConfig(recipe: DistillRecipe, settings: TrainSettings): ModelConfig {
  const run = openTeacherRun(settings.teacher, recipe.name);
  switch (recipe.distill.method) {
    case 'guidance':
      return guidanceStudentConfig(run);
    case 'consistency':
      return consistencyStudentConfig(run);
    case 'shortcut':
      return shortcutStudentConfig(run);
    case 'progressive':
    case 'reflow':
      return run.state.modelConfig;
  }
}

import { distillPlan, studentModelConfig } from '../distill/distill-plan.js';
import { openTeacherRun, type TeacherInfo } from '../distill/teacher-run.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
import { isDistillRecipe } from '../recipes/recipe.js';
import { denoiserRunParts, requireSameInput } from './family-parts.js';
import type { ModelFamily } from './model-family.js';

/** A student distilled from a denoiser run (`--teacher DIR`): guidance, progressive, consistency, shortcut, reflow. */
export const distillation: ModelFamily<DistillRecipe> = {
  name: 'distillation',
  noun: 'a denoiser',
  owns: (recipe): recipe is DistillRecipe => isDistillRecipe(recipe),
  // The teacher's network (in a consistency wrapper, with a w or d input).
  modelConfig: (recipe, settings) => studentModelConfig(recipe, settings),
  requireSameInputs(saved, settings, out) {
    // The targets it learnt are that teacher's.
    const before = (saved['distill'] as { teacher?: Partial<TeacherInfo> } | undefined)?.teacher ?? {};
    requireSameInput(
      out,
      { field: 'teacher', noun: 'teacher', relation: 'distilled from', given: settings.teacher! },
      { id: before.teacherId, directory: before.directory },
      openTeacherRun(settings.teacher!, String(saved['recipe'])).info.teacherId,
    );
  },
  plan: (recipe, settings) => distillPlan(recipe, settings),
  ...denoiserRunParts,
};

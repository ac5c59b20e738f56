import { runModelCard } from '../cards/run-card.js';
import type { RunState } from '../checkpoint/run-state.js';
import { distillPlan, studentModelConfig } from '../distill/distill-plan.js';
import { openTeacherRun, type TeacherInfo } from '../distill/teacher-run.js';
import { CliError } from '../errors.js';
import { exportRun } from '../export/export-run.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
import { isDistillRecipe } from '../recipes/recipe.js';
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
    const now = openTeacherRun(settings.teacher!, String(saved['recipe'])).info.teacherId;
    if (before.teacherId !== now) {
      throw new CliError(
        `cannot resume ${out}: it was distilled from teacher ${before.teacherId} (${before.directory}) but --teacher ${settings.teacher} is teacher ${now}`,
      );
    }
  },
  plan: (recipe, settings) => distillPlan(recipe, settings),
  runCard: (directory, state) => runModelCard(directory, state as RunState),
  exporter: {
    into: 'file',
    run: async (checkpoint, path, options) => [
      { graph: 'denoiser', ...(await exportRun(checkpoint, path, options)) },
    ],
  },
};

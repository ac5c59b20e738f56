import { shortcutObjective } from '@latentlab/distill';
import { FieldError } from '../errors.js';
import { buildModel } from '../recipes/build-model.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { DiffusionSpec } from '../recipes/recipe.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';
import { withScalarCondition, withTeacherParams } from './student-params.js';
import {
  type DistillState,
  guidanceToBake,
  openTeacherRun,
  studentRunParts,
  type TeacherRun,
} from './teacher-run.js';

/** The smallest step 1/M a shortcut student learns unless its recipe says (the flow's d). */
export const DEFAULT_SHORTCUT_BASE_STEPS = 16;

/** How d is embedded: 1000·d, as the timestep t (both live on [0, 1]). */
const STEP_SIZE_CONDITION_SCALE = 1000;

/** The steps a shortcut student's card suggests (any power of two up to M works). */
const SHORTCUT_CARD_STEPS = 4;

/** A shortcut student's network: a rectified-flow teacher's with a step-size condition d. */
export function shortcutStudentConfig(run: TeacherRun): ModelConfig {
  const { process, target } = run.teacher;
  if (process.name !== 'rf' || (target !== 'x0' && target !== 'velocity')) {
    throw new FieldError(
      'teacher',
      run.info.directory,
      `is a ${process.name} model of ${target}; shortcut distillation takes a rectified-flow (rf) teacher of x0 or velocity`,
    );
  }
  return withScalarCondition(run, 'd', STEP_SIZE_CONDITION_SCALE, 'shortcut distillation');
}

/**
 * A shortcut model distilled from `--teacher` (Frans et al. 2024, with the teacher in place of the data's
 * flow target): the teacher's network with a zero-initialised d input, trained in one run on the
 * teacher's guided prediction at the smallest step 1/M and on self-consistency (one step of 2d = two of d)
 * for d up to 1/2; the guidance scale `--cfg` is baked in. It samples in 1, 2, 4, … M steps, d = 1/steps.
 */
export function shortcutPlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  const run = openTeacherRun(settings.teacher, recipe.name);
  const config = shortcutStudentConfig(run);
  const { bakedGuidance, guidance } = guidanceToBake(run, settings.guidanceScale);
  const baseSteps = recipe.distill.baseSteps ?? DEFAULT_SHORTCUT_BASE_STEPS;
  const diffusion: DiffusionSpec = {
    ...run.diffusion,
    sampling: { ...run.diffusion.sampling, steps: SHORTCUT_CARD_STEPS, guidanceScale: 1 },
  };
  const distill: DistillState = {
    method: recipe.distill.method,
    teacher: run.info,
    steps: SHORTCUT_CARD_STEPS,
    bakedGuidance,
  };
  return {
    model: buildModel(config),
    modelConfig: config,
    initialParams: withTeacherParams(config, run.teacher.params),
    objective: shortcutObjective({
      baseSteps,
      target: run.teacher.target as 'x0' | 'velocity',
      teacher: run.teacher,
      ...(guidance ? { guidance } : {}),
    }),
    maintenance: [],
    ...studentRunParts(
      run,
      settings,
      { config, diffusion, distill },
      { steps: SHORTCUT_CARD_STEPS, guidanceScale: 1 },
    ),
  };
}

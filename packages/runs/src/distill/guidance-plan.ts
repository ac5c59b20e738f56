import { guidanceDistillationObjective } from '@latentlab/distill';
import { buildModel } from '../recipes/build-model.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { DiffusionSpec } from '../recipes/recipe.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';
import { withScalarCondition, withTeacherParams } from './student-params.js';
import {
  type DistillState,
  openTeacherRun,
  studentRunParts,
  type TeacherRun,
  teacherTrainingTimes,
} from './teacher-run.js';

/** The guidance scales a student learns unless its recipe says (diffusers' convention, 1 = no guidance). */
export const DEFAULT_GUIDANCE_RANGE = { min: 1, max: 3 } as const;

/**
 * How w is embedded: its sinusoidal features see 250·w, so w ∈ [1, 4] spans the range the timestep's
 * 1000·t features do (DiT's timestep embedder design, `scalarConditionEmbedding`).
 */
const GUIDANCE_CONDITION_SCALE = 250;

/** A guidance-distilled student's network: the teacher's with a scalar condition w (zero-initialised). */
export function guidanceStudentConfig(run: TeacherRun): ModelConfig {
  return withScalarCondition(run, 'w', GUIDANCE_CONDITION_SCALE, 'guidance distillation');
}

/**
 * Guidance distillation from `--teacher` (Meng et al. 2023 §4.1): the student takes w as an input and learns
 * the guided teacher p_u + w·(p_c − p_u) for w ~ U[min, max] in one call, at the teacher's own training
 * times (its time distribution) on its data; it samples with any sampler and step count, the scale fed to
 * it (`--cfg`, default the run's) at half the teacher's calls.
 */
export function guidancePlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  const run = openTeacherRun(settings.teacher, recipe.name);
  const config = guidanceStudentConfig(run);
  const guidance = recipe.distill.guidanceRange ?? DEFAULT_GUIDANCE_RANGE;
  const diffusion: DiffusionSpec = {
    ...run.diffusion,
    sampling: { ...run.diffusion.sampling, guidanceScale: settings.guidanceScale },
  };
  const distill: DistillState = { method: recipe.distill.method, teacher: run.info, guidanceRange: guidance };
  return {
    model: buildModel(config),
    modelConfig: config,
    initialParams: withTeacherParams(config, run.teacher.params),
    objective: guidanceDistillationObjective({
      teacher: run.teacher,
      times: teacherTrainingTimes(run),
      guidance: { ...guidance },
    }),
    maintenance: [],
    ...studentRunParts(
      run,
      settings,
      { config, diffusion, distill },
      { steps: 20, guidanceScale: settings.guidanceScale },
    ),
  };
}

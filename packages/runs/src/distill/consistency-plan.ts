import {
  consistencyDistillationObjective,
  copyParamStore,
  linearTimeGrid,
  TargetNetwork,
} from '@latentlab/distill';
import { FieldError } from '../errors.js';
import { buildModel } from '../recipes/build-model.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { DiffusionSpec } from '../recipes/recipe.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';
import {
  type DistillState,
  guidanceToBake,
  openTeacherRun,
  studentRunParts,
  type TeacherRun,
} from './teacher-run.js';

/** σ_data of MNIST in [−1, 1] as Song et al. use it for images (0.5). */
const SIGMA_DATA = 0.5;

/** A consistency student's network: the teacher's inside the consistency function (an x₀ model). */
export function consistencyStudentConfig(run: TeacherRun): ModelConfig {
  const teacherConfig = run.state.modelConfig;
  if (teacherConfig.consistency) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `is a consistency model already: distil its teacher`,
    );
  }
  const target = run.teacher.target;
  if (target === 'v') {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `predicts v; consistency distillation takes x0, velocity (rf) or epsilon (edm) teachers`,
    );
  }
  return { ...teacherConfig, consistency: { process: run.diffusion.process, target, sigmaData: SIGMA_DATA } };
}

/**
 * Consistency distillation from `--teacher` (Song et al. 2023): the student's network and weights start as
 * the teacher's inside the consistency function (so it starts as the teacher's x̂₀), its EMA target network
 * θ⁻ is a `fit` maintenance (checkpointed, resumed exactly), the teacher's ODE step is guided at `--cfg`
 * (baked in). The student is an x₀ model of the teacher's process; its card says 1 step, cfg 1.
 */
export function consistencyPlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  const run = openTeacherRun(settings.teacher, recipe.name);
  const { process } = run.teacher;
  const config = consistencyStudentConfig(run);
  const student = buildModel(config);
  const { bakedGuidance, guidance } = guidanceToBake(run, settings.guidanceScale);
  const intervals = recipe.distill.intervals ?? 18;
  const targetNetwork = new TargetNetwork(run.teacher.params, recipe.distill.targetDecay ?? 0.95);
  const diffusion: DiffusionSpec = {
    ...run.diffusion,
    target: 'x0',
    sampling: { ...run.diffusion.sampling, steps: 1, guidanceScale: 1 },
  };
  const distill: DistillState = { method: recipe.distill.method, teacher: run.info, steps: 1, bakedGuidance };
  return {
    model: student,
    modelConfig: config,
    initialParams: () => copyParamStore(run.teacher.params),
    objective: consistencyDistillationObjective({
      teacher: run.teacher,
      student,
      times: linearTimeGrid(process, intervals),
      solver: recipe.distill.solver ?? 'euler',
      target: targetNetwork,
      ...(guidance ? { guidance } : {}),
    }),
    maintenance: [targetNetwork],
    ...studentRunParts(run, settings, { config, diffusion, distill }, { steps: 1, guidanceScale: 1 }),
  };
}

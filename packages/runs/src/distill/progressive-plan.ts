import { copyParamStore, progressiveDistillationObjective } from '@latentlab/distill';
import { samplingLevels } from '@latentlab/samplers';
import { FieldError } from '../errors.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
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

/** The first round's student steps when neither `--student-steps` nor a distilled teacher says. */
export const DEFAULT_STUDENT_STEPS = 8;

/**
 * A progressive-distillation student's steps N: `--student-steps`, else half of a distilled teacher's
 * steps, else DEFAULT_STUDENT_STEPS; a distilled teacher must be one made for 2N steps.
 */
export function studentSteps(settings: TrainSettings, run: TeacherRun): number {
  const teacherSteps = run.info.steps;
  const steps = settings.studentSteps ?? (teacherSteps ? teacherSteps / 2 : DEFAULT_STUDENT_STEPS);
  if (!Number.isInteger(steps) || steps < 1) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `samples in ${teacherSteps} steps, which do not halve: give studentSteps`,
      ['studentSteps'],
    );
  }
  if (teacherSteps !== undefined && 2 * steps !== teacherSteps) {
    throw new FieldError(
      'studentSteps',
      `${steps}`,
      `the teacher ${run.info.directory} is a ${teacherSteps}-step student, so its student takes ${teacherSteps / 2} (a round halves the steps)`,
    );
  }
  return steps;
}

/**
 * The 2N + 1 times of the teacher's path, exactly the levels a sampler walks with the teacher's spacing
 * (so the student's N steps visit every other one); refused where the spacing ends with an extra jump to
 * the data (EDM's σ_min, a DDPM table), which a halving round cannot pair up.
 */
function teacherTimes(run: TeacherRun, steps: number): Float64Array {
  const { process } = run.teacher;
  const sampling = run.diffusion.sampling;
  const levels = samplingLevels(process, {
    steps: 2 * steps,
    ...(sampling?.spacing ? { spacing: sampling.spacing } : {}),
    ...(sampling?.tStart !== undefined ? { tStart: sampling.tStart } : {}),
  });
  const times = Float64Array.from(levels, (level) => level.t);
  if (times.length !== 2 * steps + 1 || times.at(-2) === times.at(-1)) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `its ${process.name} path ends with a jump to the data, which progressive distillation cannot halve; distil a process whose path reaches σ = 0 (rf)`,
    );
  }
  return times;
}

/**
 * One round of progressive distillation from `--teacher` (Salimans & Ho 2022): the teacher's network and
 * EMA weights as the start, its data, process and target; a plain teacher guided at `--cfg` with the scale
 * baked into the student (which then samples with cfg 1), a distilled teacher unguided (its guidance is
 * baked in already), a guidance-distilled teacher over its range of w, which the student keeps as its
 * input (Meng et al. 2023, stage two). The state records the teacher and the steps; the card's sampling defaults are N steps
 * with cfg 1.
 */
export function progressivePlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  const run = openTeacherRun(settings.teacher, recipe.name);
  const steps = studentSteps(settings, run);
  // A teacher with a w input (Meng et al. 2023's stage two): the student keeps w, learns the teacher's
  // range, and samples with the scale fed to it (`--cfg`, the card's default); otherwise the scale is baked.
  const range = run.teacher.guidanceInput ? run.info.guidanceRange : undefined;
  if (run.teacher.guidanceInput && !(range && range.max > range.min)) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `takes w as an input but records no range of scales it learnt; distil a distill-guidance run`,
    );
  }
  const { bakedGuidance, guidance } = range
    ? { bakedGuidance: undefined, guidance: range }
    : guidanceToBake(run, settings.guidanceScale);
  const diffusion: DiffusionSpec = {
    ...run.diffusion,
    sampling: { ...run.diffusion.sampling, steps, guidanceScale: range ? settings.guidanceScale : 1 },
  };
  const distill: DistillState = {
    method: recipe.distill.method,
    teacher: run.info,
    steps,
    ...(bakedGuidance !== undefined ? { bakedGuidance } : {}),
    ...(range ? { guidanceRange: range } : {}),
  };
  const config = run.state.modelConfig;
  return {
    model: run.teacher.model,
    modelConfig: config,
    initialParams: () => copyParamStore(run.teacher.params),
    objective: progressiveDistillationObjective({
      teacher: run.teacher,
      studentSteps: steps,
      times: teacherTimes(run, steps),
      ...(guidance ? { guidance } : {}),
    }),
    maintenance: [],
    ...studentRunParts(
      run,
      settings,
      { config, diffusion, distill },
      { steps, guidanceScale: diffusion.sampling!.guidanceScale! },
    ),
  };
}

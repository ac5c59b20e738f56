import type { Teacher } from '@latentlab/distill';
import { processByName } from '@latentlab/schedules';
import { type Checkpoint, type TrainingTimes, trainingTimesByName } from '@latentlab/train';
import { modelId } from '../checkpoint/model-id.js';
import { loadRunCheckpoint, type RunState } from '../checkpoint/run-state.js';
import { FieldError } from '../errors.js';
import { buildModel } from '../recipes/build-model.js';
import { type DatasetName, loadTrainingData } from '../recipes/datasets.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { DiffusionSpec } from '../recipes/recipe.js';
import { runDiffusion } from '../sampling/denoising.js';
import { writeSampleGrid } from '../training/sample-checkpoint.js';
import type { TrainingPlan } from '../training/training-plan.js';

/** What a student run records of its teacher (in its state and card settings). */
export interface TeacherInfo {
  directory: string;
  recipe: string;
  /** Training steps of the teacher's weights. */
  step: number;
  /** The checkpoint's identity, so a resumed student is refused another teacher. */
  teacherId: string;
  /** The teacher's own sampling steps when it is a distilled student (a later progressive round). */
  steps?: number;
  /** The guidance scale baked into the teacher when it is a distilled student. */
  bakedGuidance?: number;
  /** The scales a teacher with a w input learnt (a guidance-distilled student, or its progressive student). */
  guidanceRange?: { min: number; max: number };
}

/** A distillation state of a student run: the method, the teacher, and what the student was made for. */
export interface DistillState {
  method: string;
  teacher: TeacherInfo;
  /** The student's sampling steps (absent: a guidance-distilled student, sampled with any). */
  steps?: number;
  /** The guidance scale the student reproduces without CFG (1 = none; absent: it takes w as an input). */
  bakedGuidance?: number;
  /** The guidance scales a student with a w input learnt (min = max: one baked scale). */
  guidanceRange?: { min: number; max: number };
}

/** A teacher run, opened: the distill package's `Teacher` (EMA weights) and what the student inherits. */
export interface TeacherRun {
  teacher: Teacher;
  info: TeacherInfo;
  state: RunState;
  diffusion: DiffusionSpec;
  dataset: DatasetName;
}

/**
 * Opens the denoiser run given with `--teacher DIR` (EMA weights): a CliError when it is missing, not a
 * denoiser, or a latent denoiser (its students would need its VAE too, which this version does not wire).
 */
export function openTeacherRun(directory: string | undefined, recipe: string): TeacherRun {
  if (!directory)
    throw new FieldError('teacher', undefined, `DIR is required: ${recipe} distils a trained denoiser`);
  const checkpoint: Checkpoint<RunState> = loadRunCheckpoint(directory);
  const { state } = checkpoint;
  if (state['latent'] !== undefined) {
    throw new FieldError(
      'teacher',
      `${directory}`,
      `is a latent denoiser (${state.recipe}); distillation takes a pixel denoiser run`,
    );
  }
  const diffusion = runDiffusion(state);
  const distilled = state['distill'] as DistillState | undefined;
  const info: TeacherInfo = {
    directory,
    recipe: state.recipe,
    step: state.step,
    teacherId: modelId(state.modelConfig, checkpoint.tensors.ema),
    ...(distilled?.steps !== undefined ? { steps: distilled.steps } : {}),
    ...(distilled?.bakedGuidance !== undefined ? { bakedGuidance: distilled.bakedGuidance } : {}),
    ...(distilled?.guidanceRange ? { guidanceRange: distilled.guidanceRange } : {}),
  };
  const config = state.modelConfig;
  const conditions = new Set(
    config.kind === 'dit' ? (config.scalarConditions ?? []).map(({ name }) => name) : [],
  );
  if (conditions.has('d')) {
    throw new FieldError(
      'teacher',
      `${directory}`,
      `is a shortcut model (${state.recipe}: it takes its step size as an input), which samples in few steps itself; distil its teacher instead`,
    );
  }
  const takesGuidance = conditions.has('w');
  return {
    teacher: {
      model: buildModel(state.modelConfig),
      params: checkpoint.tensors.ema,
      process: processByName(diffusion.process),
      target: diffusion.target,
      nullClass: state.modelConfig.classes,
      ...(takesGuidance ? { guidanceInput: 'w' } : {}),
    },
    info,
    state,
    diffusion,
    dataset: (state['dataset'] as DatasetName | undefined) ?? 'mnist',
  };
}

/**
 * The guidance a student learns: a plain teacher guided at `--cfg` (the scale baked into the student; none
 * at cfg 1), a distilled teacher unguided (its scale is baked in already and passes on).
 */
export function guidanceToBake(
  run: TeacherRun,
  guidanceScale: number,
): { bakedGuidance: number; guidance?: { min: number; max: number } } {
  if (run.info.bakedGuidance !== undefined) return { bakedGuidance: run.info.bakedGuidance };
  if (run.teacher.guidanceInput) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `takes the guidance scale as an input (a guidance-distilled student); this method distils a teacher guided by CFG or with its scale baked in`,
    );
  }
  return {
    bakedGuidance: guidanceScale,
    ...(guidanceScale !== 1 ? { guidance: { min: guidanceScale, max: guidanceScale } } : {}),
  };
}

/** The times the teacher trained at (its run's time distribution): where a student learns it. */
export function teacherTrainingTimes(run: TeacherRun): TrainingTimes {
  const { timeDistribution, timeMean, timeStd } = run.state.settings;
  return trainingTimesByName(timeDistribution, { mean: timeMean, std: timeStd });
}

/**
 * What every student run on the teacher's data shares: its state (diffusion spec, distillation record, data
 * set), the teacher's data, and sample grids of its EMA weights at the steps and scale it is made for.
 */
export function studentRunParts(
  run: TeacherRun,
  settings: { seed: number },
  student: { config: ModelConfig; diffusion: DiffusionSpec; distill: DistillState },
  grid: { steps: number; guidanceScale: number },
): Pick<TrainingPlan, 'state' | 'loadData' | 'writeSamples'> {
  const { config, diffusion, distill } = student;
  return {
    state: { diffusion, distill, dataset: run.dataset },
    loadData: async () => loadTrainingData(run.dataset, settings.seed),
    writeSamples: (weights, path) =>
      writeSampleGrid({ config, diffusion, weights, ...grid, seed: settings.seed, path }),
  };
}

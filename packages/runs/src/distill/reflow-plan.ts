import { copyParamStore, reflowObjective } from '@latentlab/distill';
import type { DiffusionBatch, Objective, TrainingTimes } from '@latentlab/train';
import { FieldError } from '../errors.js';
import type { DistillRecipe } from '../recipes/distill-recipes.js';
import type { DiffusionSpec } from '../recipes/recipe.js';
import { writeSampleGrid } from '../training/sample-checkpoint.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';
import { readReflowPairs } from './reflow-pairs.js';
import { type DistillState, openTeacherRun, teacherTrainingTimes } from './teacher-run.js';

/** Every sample at the noise end t = tMax: Liu et al.'s one-step distillation of a (re)flow. */
function startTimes(tMax: number): TrainingTimes {
  return { name: `t = ${tMax}`, sample: (_rng, count) => new Float32Array(count).fill(tMax) };
}

/**
 * Reflow from `--teacher` on `--pairs` (Liu et al. 2022, "Flow Straight and Fast", §2.2–2.3): the
 * teacher's network and weights learn the straight interpolation x_t = (1 − t)·sample + t·noise between
 * the ends the teacher's guided ODE connects (its guidance is baked in: the student samples with cfg 1).
 * `reflow` draws t from the teacher's own time distribution ("2-rectified flow"); `oneStep` trains at the
 * noise end alone, so one Euler step is the map (their k = 1 distillation).
 */
export function reflowPlan(recipe: DistillRecipe, settings: TrainSettings): TrainingPlan {
  const run = openTeacherRun(settings.teacher, recipe.name);
  if (!settings.pairs) {
    throw new FieldError(
      'pairs',
      undefined,
      `FILE is required (latentlab pairs --teacher ${run.info.directory} --out FILE writes them): ${recipe.name} trains on a teacher's (noise, sample) pairs`,
    );
  }
  const coupling = readReflowPairs(settings.pairs);
  if (coupling.info.teacherId !== run.info.teacherId) {
    throw new FieldError(
      'pairs',
      `${settings.pairs}`,
      `were made by teacher ${coupling.info.teacherId} (${coupling.info.teacher}) but the teacher run ${run.info.directory} is teacher ${run.info.teacherId}`,
    );
  }
  if (run.teacher.guidanceInput) {
    throw new FieldError(
      'teacher',
      `${run.info.directory}`,
      `takes the guidance scale as an input; reflow a CFG-guided teacher`,
    );
  }
  const { process, target } = run.teacher;
  const oneStep = recipe.distill.oneStep === true;
  const times = oneStep ? startTimes(process.tMax) : teacherTrainingTimes(run);
  const steps = oneStep ? 1 : undefined;
  const bakedGuidance = run.info.bakedGuidance ?? coupling.info.guidanceScale;
  const diffusion: DiffusionSpec = {
    ...run.diffusion,
    sampling: { ...run.diffusion.sampling, ...(steps ? { steps } : {}), guidanceScale: 1 },
  };
  const distill: DistillState = {
    method: recipe.distill.method,
    teacher: run.info,
    ...(steps ? { steps } : {}),
    bakedGuidance,
  };
  const reflow = reflowObjective({ process, target, times });
  const objective: Objective<DiffusionBatch> = {
    name: `${reflow.name}${oneStep ? ', one step' : ''}`,
    loss: (context, batch) =>
      reflow.loss(context, { pairs: batch.x, ...(batch.labels ? { labels: batch.labels } : {}) }),
  };
  const config = run.state.modelConfig;
  return {
    model: run.teacher.model,
    modelConfig: config,
    initialParams: () => copyParamStore(run.teacher.params),
    objective,
    maintenance: [],
    state: { diffusion, distill, dataset: run.dataset, pairs: { file: settings.pairs, ...coupling.info } },
    loadData: async () => ({
      examples: coupling.pairs,
      labels: coupling.labels,
      exampleShape: [2, ...coupling.sampleShape],
    }),
    writeSamples: (weights, path) =>
      writeSampleGrid({
        config,
        diffusion,
        weights,
        steps: steps ?? 4,
        guidanceScale: 1,
        seed: settings.seed,
        path,
      }),
  };
}

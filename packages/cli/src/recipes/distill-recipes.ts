import type { RecipeBase } from './recipe.js';

/** The distillation methods `latentlab train --teacher DIR` runs. */
export const DISTILL_METHODS = ['progressive', 'consistency'] as const;
export type DistillMethod = (typeof DISTILL_METHODS)[number];

/** The objective side of a distillation recipe (the network, process and data set are the teacher's). */
export interface DistillSpec {
  method: DistillMethod;
  /** Consistency distillation: N intervals of the time grid, the teacher's ODE step, the target's EMA μ. */
  intervals?: number;
  solver?: 'euler' | 'heun';
  targetDecay?: number;
}

/**
 * A student trained from a denoiser run given with `--teacher DIR`: its network starts as the teacher's
 * EMA weights, its data set, process and target are the teacher's, and it is an ordinary denoiser run
 * (export, sample, eval) whose card says the steps and guidance scale it was made for.
 */
export interface DistillRecipe extends RecipeBase {
  distill: DistillSpec;
}

/**
 * Progressive distillation (Salimans & Ho 2022, Algorithm 2), one round per run: the student learns in
 * N steps (`--student-steps`) what the teacher does in 2N DDIM steps; a plain teacher is guided at `--cfg`
 * and the scale is baked into the student (its card says to sample it with cfg 1); the next round is
 * another run with this one as `--teacher` (N halves by default). Fine-tuning settings: the teacher's
 * batch, a small constant learning rate, no label dropout (the student learns the guided teacher).
 */
export const progressiveDistill: DistillRecipe = {
  name: 'distill-progressive',
  description:
    'progressive distillation of a denoiser run (--teacher DIR): 2N teacher steps → N (--student-steps)',
  dataset: 'mnist',
  distill: { method: 'progressive' },
  defaults: {
    batchSize: 32,
    learningRate: 2e-4,
    warmupSteps: 0,
    clipNorm: 1,
    emaDecay: 0.995,
    labelDropout: 0,
    steps: 1500,
    sampleEvery: 500,
    checkpointEvery: 250,
    guidanceScale: 2,
  },
};

/**
 * Consistency distillation (Song et al. 2023, Algorithm 2): the student is the teacher's network inside the
 * consistency function's c_skip/c_out boundary condition (an x₀ model, exact at t_min), pulled at t_{n+1}
 * toward its EMA target network (μ = 0.95, the paper's CD setting) at the teacher's one Euler step t_n, on
 * N = 18 linear intervals; squared L2 in pixel space; guidance baked in at `--cfg`. One step samples it
 * (Euler on an x₀ model from pure noise is f(z, 1)); more steps re-noise (the consistency sampler).
 */
export const consistencyDistill: DistillRecipe = {
  name: 'distill-consistency',
  description: 'consistency distillation of a denoiser run (--teacher DIR): a 1-step consistency model',
  dataset: 'mnist',
  distill: { method: 'consistency', intervals: 18, solver: 'euler', targetDecay: 0.95 },
  defaults: {
    batchSize: 32,
    learningRate: 1e-4,
    warmupSteps: 0,
    clipNorm: 1,
    emaDecay: 0.995,
    labelDropout: 0,
    steps: 2000,
    sampleEvery: 500,
    checkpointEvery: 250,
    guidanceScale: 1.5,
  },
};

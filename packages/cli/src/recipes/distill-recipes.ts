import type { RecipeBase } from './recipe.js';

/** The distillation methods `latentlab train --teacher DIR` runs. */
export const DISTILL_METHODS = ['progressive'] as const;
export type DistillMethod = (typeof DISTILL_METHODS)[number];

/** The objective side of a distillation recipe (the network, process and data set are the teacher's). */
export interface DistillSpec {
  method: DistillMethod;
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

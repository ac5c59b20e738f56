import type { RecipeBase } from './recipe-base.js';

/** The distillation methods `latentlab train --teacher DIR` runs. */
export const DISTILL_METHODS = ['guidance', 'progressive', 'consistency', 'shortcut', 'reflow'] as const;
export type DistillMethod = (typeof DISTILL_METHODS)[number];

/** The objective side of a distillation recipe (the network, process and data set are the teacher's). */
export interface DistillSpec {
  method: DistillMethod;
  /** Consistency distillation: N intervals of the time grid, the teacher's ODE step, the target's EMA μ. */
  intervals?: number;
  solver?: 'euler' | 'heun';
  targetDecay?: number;
  /** Guidance distillation: the scales w the student learns (default DEFAULT_GUIDANCE_RANGE, [1, 3]). */
  guidanceRange?: { min: number; max: number };
  /** Shortcut distillation: M, the smallest step 1/M (default DEFAULT_SHORTCUT_BASE_STEPS, 16). */
  baseSteps?: number;
  /** Reflow: train at the noise end only (Liu et al.'s one-step distillation of the straightened flow). */
  oneStep?: boolean;
}

/**
 * A student trained from a denoiser run given with `--teacher DIR`: its network starts as the teacher's
 * EMA weights, its data set, process and target are the teacher's, and it is an ordinary denoiser run
 * (export, sample, eval) whose card says the steps and guidance scale it was made for.
 */
export interface DistillRecipe extends Omit<RecipeBase, 'dataset'> {
  /** A student learns on its teacher's data set, whatever it is (the run records which). */
  dataset: 'teacher';
  distill: DistillSpec;
}

/**
 * Guidance distillation (Meng et al. 2023, §4.1, stage one): the student is the teacher's network with a
 * zero-initialised w input and learns the CFG-guided teacher for w ~ U[1, 3] in one call a step — any
 * sampler, any steps, half the teacher's network calls. `--cfg` is the scale its card suggests.
 */
export const guidanceDistill: DistillRecipe = {
  name: 'distill-guidance',
  description: 'guidance distillation of a denoiser run (--teacher DIR): CFG in one call, w as an input',
  dataset: 'teacher',
  distill: { method: 'guidance', guidanceRange: { min: 1, max: 3 } },
  defaults: {
    batchSize: 32,
    learningRate: 1e-4,
    warmupSteps: 0,
    clipNorm: 1,
    emaDecay: 0.995,
    labelDropout: 0,
    steps: 1500,
    sampleEvery: 500,
    checkpointEvery: 250,
    guidanceScale: 1.5,
  },
};

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
  dataset: 'teacher',
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
  dataset: 'teacher',
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

/**
 * Shortcut distillation (Frans et al. 2024 with a teacher): one run gives a student for 1, 2, 4, … 16 steps.
 * The teacher's network with a zero-initialised step-size input d learns the CFG-guided teacher (`--cfg`,
 * baked in) at d = 1/16 and, on a quarter of each batch, that one step of 2d equals two of d. Its card
 * suggests 4 steps with cfg 1; `--steps` at sampling picks d = 1/steps.
 */
export const shortcutDistill: DistillRecipe = {
  name: 'distill-shortcut',
  description: 'shortcut distillation of a denoiser run (--teacher DIR): one student for 1, 2, 4 … 16 steps',
  dataset: 'teacher',
  distill: { method: 'shortcut', baseSteps: 16 },
  defaults: {
    batchSize: 32,
    learningRate: 1e-4,
    warmupSteps: 0,
    clipNorm: 1,
    emaDecay: 0.995,
    labelDropout: 0,
    steps: 3000,
    sampleEvery: 500,
    checkpointEvery: 250,
    guidanceScale: 1.5,
  },
};

/**
 * Reflow (Liu et al. 2022, §2.2): the teacher's network, fine-tuned on its own guided ODE's (noise, sample)
 * pairs (`--pairs FILE` from `latentlab pairs`) so its paths straighten and few Euler steps suffice; the
 * scale of the pairs is baked in. The next round is `distill-reflow-onestep` from this run, on pairs of it.
 */
export const reflowDistill: DistillRecipe = {
  name: 'distill-reflow',
  description: 'reflow of a denoiser run on its ODE pairs (--teacher DIR --pairs FILE): straighter paths',
  dataset: 'teacher',
  distill: { method: 'reflow' },
  defaults: {
    batchSize: 32,
    learningRate: 1e-4,
    warmupSteps: 0,
    clipNorm: 1,
    emaDecay: 0.995,
    labelDropout: 0,
    steps: 3000,
    sampleEvery: 500,
    checkpointEvery: 250,
    guidanceScale: 1,
  },
};

/**
 * One-step distillation of a (reflowed) flow on its pairs (Liu et al. 2022, §2.3 with k = 1): trained at
 * t = 1 only, so that one Euler step from the noise lands on the paired sample. Its card says 1 step.
 */
export const reflowOneStepDistill: DistillRecipe = {
  ...reflowDistill,
  name: 'distill-reflow-onestep',
  description: 'one-step distillation of a (reflowed) run on its ODE pairs (--teacher DIR --pairs FILE)',
  distill: { method: 'reflow', oneStep: true },
};

import type { DitInitialization } from '@latentlab/dit';
import type { BackendName } from '@latentlab/tfjs';
import type { TimeDistribution } from '@latentlab/train';

/** The learning-rate schedules `latentlab train --lr-schedule` offers. */
export const LEARNING_RATE_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateScheduleName = (typeof LEARNING_RATE_SCHEDULES)[number];

/** Model-size overrides a recipe applies to its model (any may be left out). */
export interface ModelOverrides {
  hidden?: number;
  depth?: number;
  heads?: number;
  patch?: number;
  positionEmbedding?: 'sincos' | 'learned';
}

/** Every hyperparameter of a training run; each has a `latentlab train` flag. */
export interface TrainSettings {
  recipe: string;
  steps: number;
  batchSize: number;
  seed: number;
  /** AdamW (Loshchilov & Hutter 2019). */
  learningRate: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
  /** Linear learning-rate warmup over this many steps (0 = none). */
  warmupSteps: number;
  /**
   * After the warm-up: 'constant', or 'cosine' decay to 0 at `steps` (Loshchilov & Hutter 2017). A resumed
   * run that changes `steps` bends the cosine from there on.
   */
  learningRateSchedule: LearningRateScheduleName;
  /** Clip the global gradient norm to this (0 = no clipping). */
  clipNorm: number;
  /** Decay of the EMA weights that sampling uses. */
  emaDecay: number;
  /** Probability of replacing a label by the null class (classifier-free guidance training). */
  labelDropout: number;
  /**
   * How training times are drawn; logit-normal t = sigmoid(m + s·z) (Esser et al. 2024 §3.1) by default;
   * m and s are also EDM log-normal's P_mean and P_std.
   */
  timeDistribution: TimeDistribution;
  timeMean: number;
  timeStd: number;
  backend: BackendName;
  model: ModelOverrides;
  /** Initialisation choices that differ from the model's defaults (only a fresh run uses them). */
  initialization: Partial<DitInitialization>;
  /** Progress line every this many steps when stdout is not a terminal. */
  logEvery: number;
  /** Sample grid every this many steps (0 = only at the end). */
  sampleEvery: number;
  /** Checkpoint every this many steps (0 = only at the end). */
  checkpointEvery: number;
  /** Step checkpoints kept besides the latest, in `out/checkpoints/` (0 = only the latest). */
  keepCheckpoints: number;
  sampleSteps: number;
  /** Guidance scale of the sample grids (diffusers' convention: 1 = no guidance). */
  guidanceScale: number;
  /** A token model's tokenizer: the VQ-VAE or FSQ run directory whose tokens it models. */
  tokenizer?: string;
  /** A latent denoiser's autoencoder: the VAE run directory whose latents it models. */
  autoencoder?: string;
  /** A distillation student's teacher: the denoiser run directory it learns from. */
  teacher?: string;
  /** A progressive-distillation student's steps N (its teacher takes 2N); default: half the teacher's, or 8. */
  studentSteps?: number;
  /** A reflow student's coupling: the pairs file `latentlab pairs` wrote from its teacher. */
  pairs?: string;
}

/** What a resumed run may not change: they decide the data order and every step's noise. */
export const RUN_DEFINING_SETTINGS = [
  'recipe',
  'batchSize',
  'seed',
] as const satisfies readonly (keyof TrainSettings)[];

/** Defaults shared by every recipe (a recipe may override some). */
export const DEFAULT_SETTINGS: Omit<TrainSettings, 'recipe'> = {
  steps: 1000,
  batchSize: 64,
  seed: 0,
  learningRate: 1e-4,
  beta1: 0.9,
  beta2: 0.999,
  weightDecay: 0,
  warmupSteps: 0,
  learningRateSchedule: 'constant',
  clipNorm: 1,
  emaDecay: 0.999,
  labelDropout: 0.1,
  timeDistribution: 'logit-normal',
  timeMean: 0,
  timeStd: 1,
  backend: 'auto',
  model: {},
  initialization: {},
  logEvery: 10,
  sampleEvery: 0,
  checkpointEvery: 100,
  keepCheckpoints: 0,
  sampleSteps: 20,
  guidanceScale: 2,
};

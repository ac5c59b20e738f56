import { BACKEND_NAMES } from '@latentlab/tfjs';
import { TIME_DISTRIBUTIONS } from '@latentlab/train';
import type { FlagSpec } from '../flag-values.js';
import {
  DECAY,
  NON_NEGATIVE,
  type NumberRange,
  POSITIVE,
  POSITIVE_INTEGER,
  UNIT_INTERVAL,
} from '../number-range.js';
import { LEARNING_RATE_SCHEDULES } from './settings.js';

/**
 * Where a flag's value goes in TrainSettings: a top-level setting, or one inside `model` (size overrides)
 * or `initialization` (DiT init choices).
 */
export type SettingPath = string;

/** A `latentlab train` flag that sets one training setting. */
export interface SettingFlag extends FlagSpec {
  setting: SettingPath;
}

const setting = (
  path: SettingPath,
  kind: FlagSpec['kind'],
  description: string,
  range?: NumberRange,
  choices?: readonly string[],
): SettingFlag => ({
  setting: path,
  kind,
  description,
  ...(range ? { range } : {}),
  ...(choices ? { choices } : {}),
});

/** The flags that set training settings, declared once: kind, range, and the setting they fill. */
export const SETTING_FLAGS: Readonly<Record<string, SettingFlag>> = {
  steps: setting('steps', 'integer', 'total optimizer steps', POSITIVE_INTEGER),
  'batch-size': setting('batchSize', 'integer', 'examples per step', POSITIVE_INTEGER),
  seed: setting('seed', 'integer', 'seed of the data order, noise, times, dropout and init', NON_NEGATIVE),
  lr: setting('learningRate', 'number', 'AdamW learning rate', POSITIVE),
  beta1: setting('beta1', 'number', 'AdamW β₁', DECAY),
  beta2: setting('beta2', 'number', 'AdamW β₂', DECAY),
  'weight-decay': setting('weightDecay', 'number', 'AdamW decoupled weight decay', NON_NEGATIVE),
  warmup: setting('warmupSteps', 'integer', 'linear learning-rate warm-up steps', NON_NEGATIVE),
  'lr-schedule': setting(
    'learningRateSchedule',
    'choice',
    'after the warm-up: constant, or cosine decay to 0 at --steps',
    undefined,
    LEARNING_RATE_SCHEDULES,
  ),
  'clip-norm': setting('clipNorm', 'number', 'clip the global gradient norm (0 = off)', NON_NEGATIVE),
  'ema-decay': setting('emaDecay', 'number', 'EMA decay of the sampling weights', DECAY),
  'label-dropout': setting('labelDropout', 'number', 'CFG label dropout probability', UNIT_INTERVAL),
  'time-distribution': setting('timeDistribution', 'choice', 'training times', undefined, TIME_DISTRIBUTIONS),
  'time-mean': setting('timeMean', 'number', 'logit-normal / EDM log-normal training times: mean'),
  'time-std': setting('timeStd', 'number', 'logit-normal / EDM log-normal training times: std', POSITIVE),
  backend: setting(
    'backend',
    'choice',
    'tfjs backend (auto: gpu → node → native → cpu)',
    undefined,
    BACKEND_NAMES,
  ),
  hidden: setting('model.hidden', 'integer', 'model width', POSITIVE_INTEGER),
  depth: setting('model.depth', 'integer', 'model blocks', POSITIVE_INTEGER),
  heads: setting('model.heads', 'integer', 'DiT attention heads', POSITIVE_INTEGER),
  patch: setting('model.patch', 'integer', 'DiT patch size', POSITIVE_INTEGER),
  'position-embedding': setting('model.positionEmbedding', 'choice', 'DiT positions', undefined, [
    'sincos',
    'learned',
  ]),
  'init-class-std': setting(
    'initialization.classEmbeddingStd',
    'number',
    'DiT init: std of the class table (DiT paper 0.02)',
    NON_NEGATIVE,
  ),
  'init-adaln-zero': setting('initialization.adaLNZero', 'true-false', 'DiT init: zero adaLN modulation'),
  'init-zero-output': setting('initialization.zeroOutputLayer', 'true-false', 'DiT init: zero output layer'),
  'log-every': setting(
    'logEvery',
    'integer',
    'progress line every N steps when not on a terminal',
    POSITIVE_INTEGER,
  ),
  'sample-every': setting(
    'sampleEvery',
    'integer',
    'sample grid every N steps (0 = at the end only)',
    NON_NEGATIVE,
  ),
  'checkpoint-every': setting(
    'checkpointEvery',
    'integer',
    'checkpoint every N steps (0 = at the end only)',
    NON_NEGATIVE,
  ),
  keep: setting(
    'keepCheckpoints',
    'integer',
    'step checkpoints kept besides the latest (0 = none)',
    NON_NEGATIVE,
  ),
  'sample-steps': setting('sampleSteps', 'integer', 'Euler steps of the sample grids', POSITIVE_INTEGER),
  cfg: setting(
    'guidanceScale',
    'number',
    'guidance scale of the sample grids; a distill-* student bakes it in (1 = none)',
    NON_NEGATIVE,
  ),
  tokenizer: setting('tokenizer', 'string', 'a token model: the VQ-VAE or FSQ run whose tokens it models'),
  autoencoder: setting(
    'autoencoder',
    'string',
    'a latent denoiser (ldm-*): the VAE run whose latents it models',
  ),
  teacher: setting('teacher', 'string', 'a distilled student (distill-*): the denoiser run it learns from'),
  'student-steps': setting(
    'studentSteps',
    'integer',
    'distill-progressive: the student’s steps N (the teacher takes 2N; default half the teacher’s, or 8)',
    POSITIVE_INTEGER,
  ),
  pairs: setting(
    'pairs',
    'string',
    'distill-reflow*: the (noise, sample) pairs file of the teacher (latentlab pairs)',
  ),
};

/** Reads `path` ("model.hidden") of an object. */
export function settingAt(settings: object, path: SettingPath): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], settings);
}

/** Sets `path` of a nested settings object (creating `model` / `initialization`). */
export function setSetting(settings: Record<string, unknown>, path: SettingPath, value: unknown): void {
  const keys = path.split('.');
  let target = settings;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys.at(-1)!] = value;
}

import { BACKEND_NAMES, type BackendName } from '@latentlab/tfjs';
import { TIME_DISTRIBUTIONS, type TimeDistribution } from '@latentlab/train';
import { describeFlags, type FlagSpecs, parseFlags } from '../arguments.js';
import { CliError } from '../errors.js';
import { RECIPES } from '../recipes/registry.js';
import {
  LEARNING_RATE_SCHEDULES,
  type LearningRateScheduleName,
  type ModelOverrides,
  type TrainSettings,
} from '../training/settings.js';
import { train } from '../training/train.js';

export const TRAIN_FLAGS: FlagSpecs = {
  recipe: { kind: 'string', description: `recipe: ${RECIPES.map((recipe) => recipe.name).join(', ')}` },
  out: { kind: 'string', description: 'run directory (checkpoint, state.json, metrics.jsonl, PNGs)' },
  resume: { kind: 'boolean', description: 'continue the run saved in --out' },
  steps: { kind: 'integer', description: 'total optimizer steps' },
  'batch-size': { kind: 'integer', description: 'examples per step' },
  seed: { kind: 'integer', description: 'seed of the data order, noise, times, dropout and init' },
  lr: { kind: 'number', description: 'AdamW learning rate' },
  beta1: { kind: 'number', description: 'AdamW β₁ (0.9)' },
  beta2: { kind: 'number', description: 'AdamW β₂ (0.999)' },
  'weight-decay': { kind: 'number', description: 'AdamW decoupled weight decay (0)' },
  warmup: { kind: 'integer', description: 'linear learning-rate warmup steps (0)' },
  'lr-schedule': {
    kind: 'string',
    description: 'after the warm-up: constant or cosine (decay to 0 at --steps)',
  },
  'clip-norm': { kind: 'number', description: 'clip the global gradient norm (1; 0 = off)' },
  'ema-decay': { kind: 'number', description: 'EMA decay of the sampling weights' },
  'label-dropout': { kind: 'number', description: 'CFG label dropout probability (0.1)' },
  'time-distribution': {
    kind: 'string',
    description: `training times: ${TIME_DISTRIBUTIONS.join(', ')} (logit-normal)`,
  },
  'time-mean': { kind: 'number', description: 'logit-normal training times: m (0)' },
  'time-std': { kind: 'number', description: 'logit-normal training times: s (1)' },
  backend: {
    kind: 'string',
    description: 'tfjs backend: auto (gpu → node → native → cpu), gpu, node, native, cpu',
  },
  hidden: { kind: 'integer', description: 'model width' },
  depth: { kind: 'integer', description: 'model blocks' },
  heads: { kind: 'integer', description: 'DiT attention heads' },
  patch: { kind: 'integer', description: 'DiT patch size' },
  'position-embedding': { kind: 'string', description: 'DiT positions: sincos or learned' },
  'init-class-std': { kind: 'number', description: 'DiT init: std of the class table (1; DiT paper 0.02)' },
  'init-adaln-zero': { kind: 'string', description: 'DiT init: zero adaLN modulation, true or false (true)' },
  'init-zero-output': { kind: 'string', description: 'DiT init: zero output layer, true or false (true)' },
  'log-every': { kind: 'integer', description: 'progress line every N steps when not on a terminal (10)' },
  'sample-every': { kind: 'integer', description: 'sample grid every N steps (0 = at the end only)' },
  'checkpoint-every': { kind: 'integer', description: 'checkpoint every N steps (0 = at the end only)' },
  'sample-steps': { kind: 'integer', description: 'Euler steps of the sample grids (20)' },
  cfg: { kind: 'number', description: 'guidance scale of the sample grids (2; 1 = none)' },
};

export async function trainCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, TRAIN_FLAGS, 'train');
  const out = flags.get('out') as string | undefined;
  if (!out) throw new CliError(`latentlab train: --out DIR is required\n${describeFlags(TRAIN_FLAGS)}`);
  const resume = flags.get('resume') === true;
  const recipe = flags.get('recipe') as string | undefined;
  if (!recipe && !resume)
    throw new CliError(`latentlab train: --recipe is required\n${describeFlags(TRAIN_FLAGS)}`);
  const backend = flags.get('backend') as BackendName | undefined;
  if (backend !== undefined && !BACKEND_NAMES.includes(backend)) {
    throw new CliError(
      `latentlab train: --backend '${backend}': expected one of ${BACKEND_NAMES.join(', ')}`,
    );
  }
  const positionEmbedding = flags.get('position-embedding') as ModelOverrides['positionEmbedding'];
  if (positionEmbedding !== undefined && positionEmbedding !== 'sincos' && positionEmbedding !== 'learned') {
    throw new CliError(
      `latentlab train: --position-embedding '${positionEmbedding}': expected sincos or learned`,
    );
  }
  const number = (name: string) => flags.get(name) as number | undefined;
  const timeDistribution = flags.get('time-distribution') as string | undefined;
  if (
    timeDistribution !== undefined &&
    !(TIME_DISTRIBUTIONS as readonly string[]).includes(timeDistribution)
  ) {
    throw new CliError(
      `latentlab train: --time-distribution '${timeDistribution}': expected one of ${TIME_DISTRIBUTIONS.join(', ')}`,
    );
  }
  const schedule = flags.get('lr-schedule') as string | undefined;
  if (schedule !== undefined && !(LEARNING_RATE_SCHEDULES as readonly string[]).includes(schedule)) {
    throw new CliError(
      `latentlab train: --lr-schedule '${schedule}': expected ${LEARNING_RATE_SCHEDULES.join(' or ')}`,
    );
  }
  const bool = (name: string): boolean | undefined => {
    const text = flags.get(name) as string | undefined;
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false')
      throw new CliError(`latentlab train: --${name} '${text}': expected true or false`);
    return text === 'true';
  };
  const settings: Partial<TrainSettings> = {
    steps: number('steps'),
    batchSize: number('batch-size'),
    seed: number('seed'),
    learningRate: number('lr'),
    beta1: number('beta1'),
    beta2: number('beta2'),
    weightDecay: number('weight-decay'),
    warmupSteps: number('warmup'),
    learningRateSchedule: schedule as LearningRateScheduleName | undefined,
    clipNorm: number('clip-norm'),
    emaDecay: number('ema-decay'),
    labelDropout: number('label-dropout'),
    timeDistribution: timeDistribution as TimeDistribution | undefined,
    timeMean: number('time-mean'),
    timeStd: number('time-std'),
    backend,
    model: {
      hidden: number('hidden'),
      depth: number('depth'),
      heads: number('heads'),
      patch: number('patch'),
      positionEmbedding,
    },
    initialization: {
      classEmbeddingStd: number('init-class-std'),
      adaLNZero: bool('init-adaln-zero'),
      zeroOutputLayer: bool('init-zero-output'),
    },
    logEvery: number('log-every'),
    sampleEvery: number('sample-every'),
    checkpointEvery: number('checkpoint-every'),
    sampleSteps: number('sample-steps'),
    guidanceScale: number('cfg'),
  };
  const result = await train({ ...settings, recipe: recipe as string, out, resume });
  const last = result.losses.at(-1);
  process.stdout.write(`trained ${result.step} steps, last loss ${last?.toFixed(4)}; run saved in ${out}\n`);
}

import type { ModelFunction, ParameterMaintenance, ParamStore, Rng, Tensor } from '@latentlab/tensor';
import {
  type AdamW,
  type AdamWSettings,
  type ExponentialMovingAverage,
  TrainableParams,
} from '@latentlab/tfjs';
import type { BatchSource } from './batches/batch-source.js';
import { type Checkpoint, checkCheckpointTensors, saveCheckpoint } from './checkpoint/checkpoint.js';
import { CheckpointError } from './checkpoint/checkpoint-error.js';
import { checkpointFiles } from './checkpoint/checkpoint-files.js';
import { TRAIN_STATE_FORMAT, type TrainState } from './checkpoint/train-state.js';
import { type TrainStepSetup, trainStep } from './fit/train-step.js';
import { openTrainingParts, type TrainingParts } from './fit/training-parts.js';
import type { Objective } from './objective.js';
import { constantLearningRate, type LearningRateSchedule } from './schedules/learning-rate.js';

export { TrainingDivergedError } from './fit/train-step.js';

export interface FitCheckpointOptions {
  /** Where `checkpoint.safetensors` and `state.json` go (written atomically). */
  directory: string;
  /** Also checkpoint every this many steps (0 or absent: only at the end). */
  every?: number;
  /** Step checkpoints kept besides the latest, in `directory/checkpoints/` (0 or absent: none). */
  keep?: number;
  /** Extra JSON stored in the state (e.g. a recipe and its settings), read back by `readTrainState`. */
  state?: () => Record<string, unknown>;
}

/** What `onStep` hears after every step. */
export interface StepReport {
  /** The 1-based step just done. */
  step: number;
  /** The step the run ends at. */
  steps: number;
  loss: number;
  /** The objective's named metrics for this step. */
  metrics: Record<string, number>;
  learningRate: number;
  /** Global gradient norm before clipping (measured whether or not clipping is on). */
  gradientNorm: number;
  /** Wall time of this step, in seconds. */
  seconds: number;
  /** The current parameters, copied out. */
  weights(): ParamStore;
  /** The EMA parameters, copied out (undefined without EMA). */
  averagedWeights(): ParamStore | undefined;
}

export interface FitOptions<B> {
  model: ModelFunction;
  /** Initial parameters, or live TrainableParams to keep training (fit then leaves them to the caller). */
  params: ParamStore | TrainableParams;
  objective: Objective<B>;
  batches: BatchSource<B>;
  /** The step to end at (the total, counting steps of a resumed run). */
  steps: number;
  /** The run's root generator: step n draws from `rng.split(n)`. */
  rng: Rng;
  /** AdamW settings (default lr 1e-3), or a live AdamW over `params`. */
  optimizer?: AdamWSettings | AdamW;
  /** Learning rate per step (default: the optimizer's rate at every step). */
  learningRate?: LearningRateSchedule;
  /** EMA decay of the averaged weights (warm-up as diffusers' EMAModel), or a live average; absent = none. */
  ema?: number | ExponentialMovingAverage;
  /** Clip the global gradient norm to this (0 or absent: no clipping). */
  clipNorm?: number;
  /**
   * Measure the global gradient norm when not clipping, for `onStep` (default true; false saves its
   * reductions, e.g. in a benchmark whose peer does not compute it, and reports NaN).
   */
  measureGradientNorm?: boolean;
  checkpoint?: FitCheckpointOptions;
  /** A checkpoint to continue from (see `loadCheckpoint`): weights, EMA, moments, batch position, step. */
  resume?: Checkpoint;
  /**
   * Steps already done when continuing with live objects (TrainableParams, AdamW, EMA) instead of a
   * checkpoint: the first step run is `startStep + 1` (default 0, or the checkpoint's step).
   */
  startStep?: number;
  onStep?: (report: StepReport) => void | Promise<void>;
  /** Stops after the current step; with `checkpoint`, the run is saved first, so `resume` continues it. */
  signal?: AbortSignal;
  /**
   * Non-gradient parameter changes run after every optimizer step, in order (a VQ codebook's EMA update,
   * dead-code restarts); they see the objective's `keep` tensors, and their state is checkpointed.
   */
  maintenance?: readonly ParameterMaintenance[];
}

export interface FitResult {
  /** Steps done in all (a resumed run counts its earlier steps). */
  step: number;
  /** The loss of every step this call ran. */
  losses: number[];
  /** The trained parameters (copied out when read, if fit was given live TrainableParams). */
  readonly params: ParamStore;
  /** The EMA parameters, when there is an EMA. */
  readonly ema?: ParamStore;
}

/**
 * The one training loop: for each step n, a batch and one `trainStep` (the objective's loss and gradients,
 * optional global-norm clipping, AdamW at the scheduled rate, the EMA update, the parameter maintenance);
 * checkpoints every `checkpoint.every` steps and at the end; `resume` continues a checkpoint exactly (same
 * batches, same noise, same optimizer state: the losses match an uninterrupted run to the bit).
 */
export async function fit<B>(options: FitOptions<B>): Promise<FitResult> {
  const { model, objective, batches, rng, resume } = options;
  const parts = openTrainingParts(options, resume, () => describeResume(options));
  const { params, optimizer, ema } = parts;
  try {
    const schedule = options.learningRate ?? constantLearningRate(optimizer.learningRate);
    const startStep = resume ? restore(resume, options, parts) : (options.startStep ?? 0);
    if (!(Number.isSafeInteger(options.steps) && options.steps >= startStep)) {
      throw new RangeError(
        `fit: steps ${options.steps}; expected an integer ≥ ${startStep}${resume ? ' (the checkpoint’s step)' : ''}`,
      );
    }
    const setup: TrainStepSetup<B> = {
      model,
      objective,
      parts,
      rng,
      clipNorm: options.clipNorm ?? 0,
      maintenance: options.maintenance ?? [],
      measureGradientNorm: options.measureGradientNorm ?? true,
    };
    const writeCheckpoint = (step: number) => {
      if (options.checkpoint) saveRun(options.checkpoint, step, parts, options);
    };
    const losses: number[] = [];
    const every = options.checkpoint?.every ?? 0;
    for (let step = startStep + 1; step <= options.steps; step++) {
      const started = performance.now();
      const learningRate = schedule(step);
      const { loss, metrics, gradientNorm } = trainStep(setup, step, batches.next(), learningRate);
      losses.push(loss);
      const seconds = (performance.now() - started) / 1000;
      const isLast = step === options.steps;
      if (!isLast && every > 0 && step % every === 0) writeCheckpoint(step);
      await options.onStep?.({
        step,
        steps: options.steps,
        loss,
        metrics,
        learningRate,
        gradientNorm,
        seconds,
        weights: () => params.toStore(),
        averagedWeights: () => ema?.toStore(),
      });
      // Let signal handlers (SIGINT, timers) run between steps: the steps themselves never yield.
      if (options.signal) await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted && !isLast) {
        writeCheckpoint(step);
        throw options.signal.reason ?? new DOMException('training was stopped', 'AbortError');
      }
    }
    const step = Math.max(startStep, options.steps);
    writeCheckpoint(step);
    if (!parts.ownsParams) {
      // Live objects stay the caller's: copy the weights out only if asked (a copy marks the native
      // backend's arrays as read, so they leave its reuse pool: the benchmark calls fit once per step).
      return {
        step,
        losses,
        get params() {
          return params.toStore();
        },
        ...(ema
          ? {
              get ema() {
                return ema.toStore();
              },
            }
          : {}),
      };
    }
    return { step, losses, params: params.toStore(), ...(ema ? { ema: ema.toStore() } : {}) };
  } finally {
    parts.release();
  }
}

/** Writes the run's checkpoint at `step`: weights, EMA, AdamW moments, maintenance state, batch position. */
function saveRun(
  checkpoint: FitCheckpointOptions,
  step: number,
  parts: TrainingParts,
  options: FitOptions<unknown>,
): void {
  const adamState = parts.optimizer.state();
  const state: TrainState = {
    format: TRAIN_STATE_FORMAT,
    ...checkpoint.state?.(),
    step,
    rng: options.rng.state(),
    batches: options.batches.state(),
    optimizerStep: adamState.step,
  };
  const tensors = {
    params: parts.params.toStore(),
    ema: parts.ema?.toStore() ?? new Map(),
    firstMoments: adamState.firstMoments,
    secondMoments: adamState.secondMoments,
    maintenance: maintenanceState(options.maintenance ?? []),
  };
  saveCheckpoint(checkpoint.directory, tensors, state, { keep: checkpoint.keep ?? 0 });
}

function describeResume(options: FitOptions<unknown>): string {
  return options.checkpoint
    ? checkpointFiles(options.checkpoint.directory).checkpoint
    : 'the resumed checkpoint';
}

/** Loads a checkpoint's optimizer, EMA and batch position; returns its step. */
function restore(resume: Checkpoint, options: FitOptions<unknown>, parts: TrainingParts): number {
  const { optimizer, ema, params } = parts;
  const initialStore = options.params instanceof TrainableParams ? params.toStore() : options.params;
  const source = describeResume(options);
  if (JSON.stringify(resume.state.rng) !== JSON.stringify(options.rng.state())) {
    throw new CheckpointError(
      `cannot resume ${source}: the run's generator differs from the checkpoint's (another seed?)`,
    );
  }
  const { firstMoments, secondMoments, ema: averages } = resume.tensors;
  if (ema && averages.size === 0)
    throw new CheckpointError(`cannot resume ${source}: it holds no EMA weights`);
  checkCheckpointTensors(initialStore, resume.tensors, source, ema !== undefined);
  optimizer.loadState({ step: resume.state.optimizerStep, firstMoments, secondMoments });
  ema?.load(averages);
  options.batches.restore(resume.state.batches);
  loadMaintenanceState(options.maintenance ?? [], resume.tensors.maintenance ?? new Map(), source);
  return resume.state.step;
}

/** The maintenance states, each tensor named `<maintenance name>.<tensor>`. */
function maintenanceState(maintenance: readonly ParameterMaintenance[]): ParamStore {
  const store: ParamStore = new Map();
  for (const each of maintenance) {
    for (const [name, value] of each.state()) store.set(`${each.name}.${name}`, value);
  }
  return store;
}

function loadMaintenanceState(
  maintenance: readonly ParameterMaintenance[],
  saved: ParamStore,
  source: string,
): void {
  for (const each of maintenance) {
    const own = new Map<string, Tensor>();
    for (const [name, value] of saved) {
      if (name.startsWith(`${each.name}.`)) own.set(name.slice(each.name.length + 1), value);
    }
    if (own.size === 0 && each.state().size > 0) {
      throw new CheckpointError(`cannot resume ${source}: it holds no state of '${each.name}'`);
    }
    each.load(own);
  }
}

import type { ModelFunction, ParameterMaintenance, ParamStore, Rng, Tensor } from '@latentlab/tensor';
import {
  AdamW,
  type AdamWSettings,
  clipGradientNorm,
  ExponentialMovingAverage,
  fromTf,
  globalGradientNorm,
  lossAndGradients,
  runModel,
  TrainableParams,
  tf,
  tfjsOps,
  toTf,
} from '@latentlab/tfjs';
import type { BatchSource } from './batches/batch-source.js';
import {
  type Checkpoint,
  checkCheckpointTensors,
  inParameterOrder,
  saveCheckpoint,
} from './checkpoint/checkpoint.js';
import { CheckpointError } from './checkpoint/checkpoint-error.js';
import { checkpointFiles } from './checkpoint/checkpoint-files.js';
import { TRAIN_STATE_FORMAT, type TrainState } from './checkpoint/train-state.js';
import type { Objective, ObjectiveContext } from './objective.js';
import { constantLearningRate, type LearningRateSchedule } from './schedules/learning-rate.js';

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

/** Step n's maintenance draws from `rng.split(MAINTENANCE_STREAM + n)`, apart from the objective's `rng.split(n)`. */
const MAINTENANCE_STREAM = 2 ** 41;

/** Stops on a diverged loss, naming the step. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  constructor(
    readonly step: number,
    readonly loss: number,
  ) {
    super(`training diverged: loss is ${loss} at step ${step}`);
  }
}

/**
 * The one training loop: for each step n, a batch, the objective's loss on the model and its gradients
 * (tfjs autograd), optional global-norm clipping, AdamW at the scheduled rate, the EMA update; checkpoints
 * every `checkpoint.every` steps and at the end; `resume` continues a checkpoint exactly (same batches, same
 * noise, same optimizer state: the losses match an uninterrupted run to the bit).
 */
export async function fit<B>(options: FitOptions<B>): Promise<FitResult> {
  const { model, objective, batches, rng, resume } = options;
  const ownsParams = !(options.params instanceof TrainableParams);
  const params =
    options.params instanceof TrainableParams
      ? options.params
      : new TrainableParams(
          resume
            ? inParameterOrder(options.params, resume.tensors.params, describeResume(options))
            : options.params,
        );
  const optimizer =
    options.optimizer instanceof AdamW
      ? options.optimizer
      : new AdamW(params, options.optimizer ?? { learningRate: 1e-3 });
  const ema =
    typeof options.ema === 'number' ? new ExponentialMovingAverage(params, options.ema) : options.ema;
  const schedule = options.learningRate ?? constantLearningRate(optimizer.learningRate);
  const startStep = resume ? restore(resume, options, optimizer, ema, params) : (options.startStep ?? 0);
  if (!(Number.isSafeInteger(options.steps) && options.steps >= startStep)) {
    throw new RangeError(
      `fit: steps ${options.steps}; expected an integer ≥ ${startStep}${resume ? ' (the checkpoint’s step)' : ''}`,
    );
  }

  const writeCheckpoint = (step: number) => {
    if (!options.checkpoint) return;
    const adamState = optimizer.state();
    const state: TrainState = {
      format: TRAIN_STATE_FORMAT,
      ...options.checkpoint.state?.(),
      step,
      rng: rng.state(),
      batches: batches.state(),
      optimizerStep: adamState.step,
    };
    const tensors = {
      params: params.toStore(),
      ema: ema?.toStore() ?? new Map(),
      firstMoments: adamState.firstMoments,
      secondMoments: adamState.secondMoments,
      maintenance: maintenanceState(options.maintenance ?? []),
    };
    saveCheckpoint(options.checkpoint.directory, tensors, state, { keep: options.checkpoint.keep ?? 0 });
  };

  const losses: number[] = [];
  const every = options.checkpoint?.every ?? 0;
  try {
    for (let step = startStep + 1; step <= options.steps; step++) {
      const started = performance.now();
      const batch = batches.next();
      const context: ObjectiveContext<tf.Tensor> = {
        ops: tfjsOps,
        forward: (inputs) => runModel(model, params.params, inputs),
        rng: rng.split(step),
        step,
      };
      const kept = new Map<string, tf.Tensor>();
      const keptForMaintenance = new Map<string, tf.Tensor>();
      const { loss, gradients } = lossAndGradients(params, () =>
        tf.tidy(() => {
          const result = objective.loss(context, batch);
          // Clones (sharing the data): a metric may be the loss itself, which lossAndGradients disposes.
          for (const [name, value] of Object.entries(result.metrics ?? {}))
            kept.set(name, tf.keep(value.clone()));
          for (const [name, value] of Object.entries(result.keep ?? {}))
            keptForMaintenance.set(name, tf.keep(value.clone()));
          return result.loss as tf.Scalar;
        }),
      );
      const metrics = readMetrics(kept);
      const keptValues = Object.fromEntries(
        [...keptForMaintenance].map(([name, value]) => [name, fromTf(value)]),
      );
      for (const value of keptForMaintenance.values()) value.dispose();
      if (!Number.isFinite(loss)) {
        for (const gradient of gradients.values()) gradient.dispose();
        throw new TrainingDivergedError(step, loss);
      }
      const clipNorm = options.clipNorm ?? 0;
      const gradientNorm =
        clipNorm > 0 ? clipGradientNorm(gradients, clipNorm) : globalGradientNorm(gradients);
      const learningRate = schedule(step);
      optimizer.learningRate = learningRate;
      optimizer.apply(gradients);
      ema?.update(optimizer.step); // warm-up decay from the 1-based optimizer step: resumes exactly
      for (const maintenance of options.maintenance ?? []) {
        const reported = maintenance.afterStep({
          step,
          rng: rng.split(MAINTENANCE_STREAM + step),
          kept: keptValues,
          read: (name) => fromTf(requireVariable(params, name)),
          write: (name, value) => {
            assignValue(requireVariable(params, name), value);
            const average = ema?.variable(name);
            if (average) assignValue(average, value);
          },
        });
        Object.assign(metrics, reported ?? {});
      }
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
    writeCheckpoint(Math.max(startStep, options.steps));
    const step = Math.max(startStep, options.steps);
    if (!ownsParams) {
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
    if (!(options.optimizer instanceof AdamW)) optimizer.dispose();
    if (typeof options.ema === 'number') ema?.dispose();
    if (ownsParams) params.dispose();
  }
}

function describeResume(options: FitOptions<unknown>): string {
  return options.checkpoint
    ? checkpointFiles(options.checkpoint.directory).checkpoint
    : 'the resumed checkpoint';
}

/** Loads a checkpoint's optimizer, EMA and batch position; returns its step. */
function restore(
  resume: Checkpoint,
  options: FitOptions<unknown>,
  optimizer: AdamW,
  ema: ExponentialMovingAverage | undefined,
  params: TrainableParams,
): number {
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

function requireVariable(params: TrainableParams, name: string): tf.Variable {
  const variable = params.variables.get(name);
  if (!variable) throw new RangeError(`parameter maintenance: the model has no parameter '${name}'`);
  return variable;
}

function assignValue(variable: tf.Variable, value: Tensor): void {
  if (value.shape.join(',') !== variable.shape.join(',')) {
    throw new RangeError(
      `parameter maintenance: a value of shape [${value.shape.join(', ')}] for a parameter of shape [${variable.shape.join(', ')}]`,
    );
  }
  const incoming = toTf(value);
  variable.assign(incoming);
  incoming.dispose();
}

function readMetrics(kept: Map<string, tf.Tensor>): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [name, value] of kept) {
    metrics[name] = value.dataSync()[0] as number;
    value.dispose();
  }
  return metrics;
}

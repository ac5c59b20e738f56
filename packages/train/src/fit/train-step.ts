import type { ModelFunction, ParameterMaintenance, Rng, Tensor } from '@latentlab/tensor';
import {
  clipGradientNorm,
  fromTf,
  globalGradientNorm,
  lossAndGradients,
  runModel,
  tf,
  tfjsOps,
  toTf,
} from '@latentlab/tfjs';
import type { Objective, ObjectiveContext } from '../objective.js';
import type { TrainingParts } from './training-parts.js';

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

/** What one optimizer step needs besides its batch: the model, its objective and how to update it. */
export interface TrainStepSetup<B> {
  model: ModelFunction;
  objective: Objective<B>;
  parts: TrainingParts;
  /** The run's root generator: step n draws from `rng.split(n)`. */
  rng: Rng;
  /** Clip the global gradient norm to this (0: no clipping). */
  clipNorm: number;
  maintenance: readonly ParameterMaintenance[];
  /** Measure the gradient norm when not clipping (false: report NaN and save its reductions). */
  measureGradientNorm: boolean;
}

/** What one step measured. */
export interface TrainStepResult {
  loss: number;
  /** The objective's named metrics and the maintenance's reports. */
  metrics: Record<string, number>;
  /** Global gradient norm before clipping (NaN when not measured). */
  gradientNorm: number;
}

/**
 * One optimizer step on one batch: the objective's loss on the model and its gradients (tfjs autograd),
 * optional global-norm clipping, AdamW at `learningRate`, the EMA update, then the parameter maintenance
 * (which sees the objective's `keep` tensors). Throws TrainingDivergedError on a non-finite loss, before
 * anything is updated.
 */
export function trainStep<B>(
  setup: TrainStepSetup<B>,
  step: number,
  batch: B,
  learningRate: number,
): TrainStepResult {
  const { model, objective, parts, rng } = setup;
  const { params, optimizer, ema } = parts;
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
  const gradientNorm =
    setup.clipNorm > 0
      ? clipGradientNorm(gradients, setup.clipNorm)
      : setup.measureGradientNorm
        ? globalGradientNorm(gradients)
        : Number.NaN;
  optimizer.learningRate = learningRate;
  optimizer.apply(gradients);
  ema?.update(optimizer.step); // warm-up decay from the 1-based optimizer step: resumes exactly
  for (const maintenance of setup.maintenance) {
    const reported = maintenance.afterStep({
      step,
      rng: rng.split(MAINTENANCE_STREAM + step),
      kept: keptValues,
      read: (name) => fromTf(requireVariable(parts, name)),
      write: (name, value) => {
        assignValue(requireVariable(parts, name), value);
        const average = ema?.variable(name);
        if (average) assignValue(average, value);
      },
    });
    Object.assign(metrics, reported ?? {});
  }
  return { loss, metrics, gradientNorm };
}

function requireVariable(parts: TrainingParts, name: string): tf.Variable {
  const variable = parts.params.variables.get(name);
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

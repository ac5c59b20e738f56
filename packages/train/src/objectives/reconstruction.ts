import { type Ops, sizeOf, type Tensor, tensor } from '@latentlab/tensor';
import type { Objective } from '../objective.js';
import { weightedMeanSquaredError } from './weighted-mse.js';

/** The examples to reconstruct. */
export interface ReconstructionBatch {
  x: Tensor<'float32'>; // (B, …)
}

export interface ReconstructionOptions {
  /** 'mse' (default) or 'l1': the per-element distance between the reconstruction and the input. */
  distance?: 'mse' | 'l1';
  /** The model input name (default 'x') and its reconstruction output (default 'reconstruction'). */
  inputName?: string;
  outputName?: string;
  /**
   * Scalar outputs of the model added to the loss with these weights, e.g. `{ kl: 1e-6 }` for a VAE or
   * `{ commitment: 0.25, codebook: 1 }` for a VQ-VAE; each is also logged as a metric.
   */
  extraLosses?: Record<string, number>;
  /**
   * Model inputs of standard normal noise drawn from the step's generator, by name and per-example shape
   * (e.g. `{ noise: [4, 7, 7] }` for a VAE's reparameterisation).
   */
  noiseInputs?: Record<string, readonly number[]>;
  /** Model outputs handed to the run's parameter maintenance (e.g. a VQ-VAE's `tokens` and `vectors`). */
  keepOutputs?: readonly string[];
}

/**
 * Autoencoder reconstruction: distance(model(x), x) averaged over every element, plus weighted scalar terms
 * the model returns (KL, commitment, codebook). Logs `reconstruction` and each extra term.
 */
export function reconstructionObjective(options: ReconstructionOptions = {}): Objective<ReconstructionBatch> {
  const inputName = options.inputName ?? 'x';
  const outputName = options.outputName ?? 'reconstruction';
  const distance = options.distance ?? 'mse';
  return {
    name: `reconstruction(${distance})`,
    loss({ ops, forward, rng }, batch) {
      const input = ops.constant(batch.x);
      const batchSize = batch.x.shape[0] as number;
      const noise = Object.fromEntries(
        Object.entries(options.noiseInputs ?? {}).map(([name, shape]) => {
          const full = [batchSize, ...shape];
          return [name, ops.constant(tensor(rng.normal(sizeOf(full)), full))];
        }),
      );
      const outputs = forward({ [inputName]: input, ...noise });
      const reconstruction = outputs[outputName];
      if (reconstruction === undefined) {
        throw new RangeError(`reconstructionObjective: the model has no output '${outputName}'`);
      }
      const error =
        distance === 'mse'
          ? weightedMeanSquaredError(ops, reconstruction, input)
          : meanAbsoluteError(ops, reconstruction, input);
      const metrics: Record<string, ReturnType<typeof ops.constant>> = { reconstruction: error };
      let loss = error;
      for (const [name, weight] of Object.entries(options.extraLosses ?? {})) {
        const term = outputs[name];
        if (term === undefined)
          throw new RangeError(`reconstructionObjective: the model has no output '${name}'`);
        metrics[name] = term;
        loss = ops.add(loss, ops.mul(term, ops.scalar(weight)));
      }
      const keep = Object.fromEntries(
        (options.keepOutputs ?? []).map((name) => {
          const value = outputs[name];
          if (value === undefined)
            throw new RangeError(`reconstructionObjective: the model has no output '${name}' to keep`);
          return [name, value];
        }),
      );
      return { loss, metrics, keep };
    },
  };
}

function meanAbsoluteError<T>(ops: Ops<T>, prediction: T, target: T): T {
  return ops.mean(ops.abs(ops.sub(prediction, target)));
}

import type { NoiseProcess, PredictionTarget } from '@latentlab/schedules';
import { type Tensor, tensor } from '@latentlab/tensor';
import type { Objective } from '../objective.js';
import { dropLabels } from './label-dropout.js';
import { type LossWeighting, uniformWeighting } from './loss-weighting.js';
import { noisyBatch } from './noisy-batch.js';
import type { TrainingTimes } from './training-times.js';
import { weightedMeanSquaredError } from './weighted-mse.js';

/** Clean samples, optionally with class labels. */
export interface DiffusionBatch {
  x: Tensor<'float32'>; // (B, …)
  labels?: Tensor<'int32'>; // (B)
}

/** The model's input names (DiT's by default). */
export interface DiffusionInputNames {
  sample: string;
  time: string;
  label: string;
}

export interface DiffusionObjectiveOptions {
  process: NoiseProcess;
  target: PredictionTarget;
  times: TrainingTimes;
  /** Default: uniform (w = 1 on the target). */
  weighting?: LossWeighting;
  /** Classifier-free guidance training: labels become `nullClass` with this probability. */
  labelDropout?: { probability: number; nullClass: number };
  /** Default `{ sample: 'x', time: 't', label: 'y' }`; the prediction is read from `output`. */
  inputNames?: Partial<DiffusionInputNames>;
  /** The model output holding the prediction (default 'output'). */
  outputName?: string;
}

/**
 * The generalized diffusion objective: any process (rectified flow, VP, VE/EDM) × any prediction target
 * (x₀, ε, v, velocity) × any training-time distribution × any loss weighting,
 *   L = E_{t, x₀, ε} [ w(t)·‖F(x_t, t, y) − target(x₀, ε, t)‖² ],
 * averaged over the batch and the sample's elements. With rectified flow, velocity, uniform weights and
 * logit-normal times this is Esser et al. 2024 eq. 1–3 (SD3); with VP, ε and min-SNR-5 it is Hang et al.
 * 2023; with EDM, x₀ of a preconditioned network and EDM weights it is Karras et al. 2022 (Table 1).
 * Randomness per step: times, noise, then the label-dropout draws.
 */
export function diffusionObjective(options: DiffusionObjectiveOptions): Objective<DiffusionBatch> {
  const weighting = options.weighting ?? uniformWeighting();
  const names = { sample: 'x', time: 't', label: 'y', ...options.inputNames };
  const outputName = options.outputName ?? 'output';
  const settings = { process: options.process, target: options.target, times: options.times, weighting };
  return {
    name: `diffusion(${options.process.name}, ${options.target}, ${options.times.name}, ${weighting.name})`,
    loss({ ops, forward, rng }, batch) {
      const [count, ...sampleShape] = batch.x.shape as [number, ...number[]];
      const { noisy, times, target, weights } = noisyBatch(batch.x.data, count, rng, settings);
      const inputs: Record<string, ReturnType<typeof ops.constant>> = {
        [names.sample]: ops.constant(tensor(noisy, [count, ...sampleShape])), // (B, …)
        [names.time]: ops.constant(tensor(times, [count])), // (B)
      };
      if (batch.labels) {
        const dropout = options.labelDropout;
        const labels = dropout
          ? dropLabels(batch.labels.data, dropout.nullClass, dropout.probability, rng)
          : batch.labels.data;
        inputs[names.label] = ops.constant(tensor(labels, [count], 'int32')); // (B)
      }
      const prediction = forward(inputs)[outputName];
      if (prediction === undefined) {
        throw new RangeError(`diffusionObjective: the model has no output '${outputName}'`);
      }
      const targetValue = ops.constant(tensor(target, [count, ...sampleShape])); // (B, …)
      const weightValue = weights ? ops.constant(tensor(weights, [count])) : undefined; // (B)
      return { loss: weightedMeanSquaredError(ops, prediction, targetValue, weightValue) };
    },
  };
}

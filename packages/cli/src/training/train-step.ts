import type { ModelFunction, Tensor } from '@latentlab/tensor';
import {
  type AdamW,
  clipGradientNorm,
  type ExponentialMovingAverage,
  lossAndGradients,
  runModel,
  type TrainableParams,
  tf,
  toTf,
} from '@latentlab/tfjs';
import type { FlowBatch } from './flow-batch.js';

export interface TrainStepParts {
  model: ModelFunction;
  params: TrainableParams;
  optimizer: AdamW;
  /** Updated after every step; left out by the benchmark that mirrors dit_ref.py's step. */
  ema?: ExponentialMovingAverage;
  /** (B, …) of one training example with the batch axis in front. */
  batchShape: number[];
  clipNorm: number;
}

export interface StepResult {
  loss: number;
  gradientNorm: number;
}

/** One optimizer step on the MSE between the predicted and the target velocity; updates the EMA if given. */
export function trainStep(parts: TrainStepParts, batch: FlowBatch, learningRate: number): StepResult {
  const { model, params, optimizer, ema, batchShape } = parts;
  const inputs: Record<string, Tensor> = {
    x: { data: batch.noisy, shape: batchShape, dtype: 'float32' },
    t: { data: batch.times, shape: [batchShape[0]!], dtype: 'float32' },
    y: { data: batch.labels, shape: [batchShape[0]!], dtype: 'int32' },
  };
  const target: Tensor = { data: batch.velocity, shape: batchShape, dtype: 'float32' };
  const { loss, gradients } = lossAndGradients(params, () =>
    tf.tidy(() => {
      const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
      const prediction = runModel(model, params.params, feeds)['output'] as tf.Tensor; // (B, …)
      return tf.mean(tf.square(tf.sub(prediction, toTf(target)))) as tf.Scalar; // ()
    }),
  );
  const gradientNorm = parts.clipNorm > 0 ? clipGradientNorm(gradients, parts.clipNorm) : Number.NaN;
  optimizer.learningRate = learningRate;
  optimizer.apply(gradients);
  ema?.update(optimizer.step); // warm-up decay from the 1-based optimizer step: resumes exactly
  return { loss, gradientNorm };
}

import type { ModelFunction, ParamStore, Tensor } from '@latentlab/tensor';
import { AdamW, lossAndGradients, runModel, TrainableParams, tf, toTf } from '@latentlab/tfjs';

export interface RegressionBatch {
  inputs: Record<string, Tensor>;
  target: Tensor;
}

export interface TrainResult {
  losses: number[];
  params: ParamStore;
}

/** Trains `model` with AdamW on mean-squared error for `steps` steps of `batchAt(step)`. */
export function trainRegression(
  model: ModelFunction,
  initial: ParamStore,
  batchAt: (step: number) => RegressionBatch,
  steps: number,
  learningRate = 3e-3,
): TrainResult {
  const params = new TrainableParams(initial);
  const optimizer = new AdamW(params, { learningRate, weightDecay: 0.01 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = batchAt(step);
    const { loss, gradients } = lossAndGradients(params, () =>
      tf.tidy(() => {
        const inputs = Object.fromEntries(
          Object.entries(batch.inputs).map(([name, value]) => [name, toTf(value)]),
        );
        const prediction = runModel(model, params.params, inputs)['output'] as tf.Tensor;
        return tf.mean(tf.square(tf.sub(prediction, toTf(batch.target)))) as tf.Scalar;
      }),
    );
    optimizer.apply(gradients);
    losses.push(loss);
  }
  const trained = params.toStore();
  optimizer.dispose();
  params.dispose();
  return { losses, params: trained };
}

import { createRng, type ModelFunction, type ParamStore } from '@latentlab/tensor';
import { fit, type RegressionBatch, regressionObjective } from '@latentlab/train';

export type { RegressionBatch } from '@latentlab/train';

export interface TrainResult {
  losses: number[];
  params: ParamStore;
}

/** Trains `model` through `fit` with AdamW on mean-squared error for `steps` steps of `batchAt(step)` (0-based). */
export async function trainRegression(
  model: ModelFunction,
  initial: ParamStore,
  batchAt: (step: number) => RegressionBatch,
  steps: number,
  learningRate = 3e-3,
): Promise<TrainResult> {
  let served = 0;
  const { losses, params } = await fit({
    model,
    params: initial,
    objective: regressionObjective(),
    batches: {
      next: () => batchAt(served++),
      state: () => served,
      restore: (state) => (served = state as number),
    },
    steps,
    rng: createRng(0), // the regression objective draws nothing
    optimizer: { learningRate, weightDecay: 0.01 },
  });
  return { losses, params };
}

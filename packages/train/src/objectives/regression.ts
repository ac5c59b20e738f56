import type { Tensor } from '@latentlab/tensor';
import type { Objective } from '../objective.js';
import { weightedMeanSquaredError } from './weighted-mse.js';

/** Named model inputs and the output they should produce. */
export interface RegressionBatch {
  inputs: Record<string, Tensor>;
  target: Tensor;
}

/** Mean squared error of the model's `outputName` output (default 'output') against the batch's target. */
export function regressionObjective(outputName = 'output'): Objective<RegressionBatch> {
  return {
    name: 'mean-squared-error',
    loss({ ops, forward }, batch) {
      const inputs = Object.fromEntries(
        Object.entries(batch.inputs).map(([name, value]) => [name, ops.constant(value)]),
      );
      const prediction = forward(inputs)[outputName];
      if (prediction === undefined)
        throw new RangeError(`regressionObjective: the model has no output '${outputName}'`);
      return { loss: weightedMeanSquaredError(ops, prediction, ops.constant(batch.target)) };
    },
  };
}

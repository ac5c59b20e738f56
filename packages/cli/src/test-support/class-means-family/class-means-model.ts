import { initializers, type ModelFunction } from '@latentlab/tensor';
import type { LabeledBatch, Objective } from '@latentlab/train';

/** The network of the test family: one learnt image per class, looked up by label. */
export interface ClassMeansConfig {
  kind: 'class-means';
  classes: number;
  /** (C, H, W) of one image. */
  imageShape: [number, number, number];
}

/** class (B) int32 → x (B, C, H, W): row `class` of a (classes, C·H·W) table. */
export function classMeansModel(config: ClassMeansConfig): ModelFunction {
  const size = config.imageShape.reduce((product, dim) => product * dim, 1);
  return (ops, params, inputs) => {
    const table = params.declare('means.weight', [config.classes, size], initializers.zeros());
    return ops.reshape(ops.gather(table, inputs['class']!, 0), [-1, ...config.imageShape]);
  };
}

export const CLASS_MEANS_INPUTS = { class: { shape: ['batch'], dtype: 'int32' } } as const;

/** Mean squared error between each image and its class's row: the minimiser is the class mean. */
export const classMeansObjective: Objective<LabeledBatch> = {
  name: 'class-means(mse)',
  loss({ ops, forward }, batch) {
    const predicted = forward({ class: ops.constant(batch.labels) })['output']!; // (B, C, H, W)
    return { loss: ops.mean(ops.square(ops.sub(predicted, ops.constant(batch.x)))) };
  },
};

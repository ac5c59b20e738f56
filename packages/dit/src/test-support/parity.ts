import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { type ModelFunction, maxAbsDiff, type ParamStore, type Tensor } from '@latentlab/tensor';
import { AdamW, lossAndGradients, runModel, TrainableParams, tf, toTf } from '@latentlab/tfjs';
import { runWithTfjs } from './tfjs-run.js';

/** Input specs for `exportOnnx` from example inputs, the first axis as the dynamic 'batch'. */
export function dynamicBatchSpecs(inputs: Record<string, Tensor>) {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      {
        shape: value.shape.map((size, axis) => (axis === 0 ? 'batch' : size)),
        dtype: value.dtype === 'int32' ? ('int32' as const) : ('float32' as const),
      },
    ]),
  );
}

/** One AdamW step on the mean squared error between the model output and `target`. */
export function trainOneStep(
  model: ModelFunction,
  initial: ParamStore,
  inputs: Record<string, Tensor>,
  target: Tensor,
): { params: ParamStore; loss: number } {
  const params = new TrainableParams(initial);
  const optimizer = new AdamW(params, { learningRate: 1e-3, weightDecay: 0.01 });
  const { loss, gradients } = lossAndGradients(params, () =>
    tf.tidy(() => {
      const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
      const prediction = runModel(model, params.params, feeds)['output'] as tf.Tensor;
      return tf.mean(tf.square(tf.sub(prediction, toTf(target)))) as tf.Scalar;
    }),
  );
  optimizer.apply(gradients);
  const trained = params.toStore();
  optimizer.dispose();
  params.dispose();
  return { params: trained, loss };
}

export interface ParityResult {
  /** max |tfjs − onnxruntime-node| over the output. */
  maxAbsDiff: number;
  /** max |tfjs output|, to judge the difference against. */
  maxAbs: number;
}

/** Exports with a dynamic batch (traced at `exportInputs`), runs `inputs` in onnxruntime-node and in tfjs. */
export async function nodeParity(
  model: ModelFunction,
  params: ParamStore,
  exportInputs: Record<string, Tensor>,
  inputs: Record<string, Tensor>,
): Promise<ParityResult> {
  const onnxBytes = exportOnnx(model, params, dynamicBatchSpecs(exportInputs));
  const expected = runWithTfjs(model, params, inputs);
  const runner = await createNodeRunner(onnxBytes);
  try {
    const actual = (await runner.run(inputs))['output'];
    if (!actual) throw new Error('onnxruntime returned no output named "output"');
    if (actual.shape.join(',') !== expected.shape.join(',')) {
      throw new Error(`onnxruntime output shape [${actual.shape}] differs from tfjs [${expected.shape}]`);
    }
    return {
      maxAbsDiff: maxAbsDiff(expected, actual),
      maxAbs: maxAbsDiff(expected, new Float32Array(expected.data.length)),
    };
  } finally {
    await runner.release();
  }
}

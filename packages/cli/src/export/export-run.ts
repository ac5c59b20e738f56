import { writeFileSync } from 'node:fs';
import { exportOnnx, type OnnxInputSpec } from '@latentlab/onnx';
import { createRng, maxAbsDiff, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, runModel, TrainableParams, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { loadRunCheckpoint } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { buildModel } from '../recipes/build-model.js';
import { type ModelConfig, sampleShape } from '../recipes/model-config.js';

/** The largest |onnxruntime − tfjs| difference accepted when verifying an export. */
export const EXPORT_TOLERANCE = 1e-4;

export interface ExportRunResult {
  path: string;
  bytes: number;
  /** max |onnxruntime − tfjs| on the verification batch. */
  maxAbsDiff: number;
}

/** The model's inputs with a dynamic batch: x (batch, …), t (batch), y (batch) int32. */
export function exportInputs(config: ModelConfig): Record<string, OnnxInputSpec> {
  return {
    x: { shape: ['batch', ...sampleShape(config)], dtype: 'float32' },
    t: { shape: ['batch'], dtype: 'float32' },
    y: { shape: ['batch'], dtype: 'int32' },
  };
}

/** A seeded verification batch of 3: noise, spread times, labels including the null class. */
function verificationBatch(config: ModelConfig): Record<string, Tensor> {
  const rng = createRng(1234);
  const shape = [3, ...sampleShape(config)];
  return {
    x: tensor(rng.normal(shape.reduce((product, dim) => product * dim, 1)), shape),
    t: tensor([0.1, 0.5, 0.9], [3]),
    y: tensor([0, config.classes - 1, config.classes], [3], 'int32'),
  };
}

/**
 * Exports a run's EMA weights to ONNX (opset 17, dynamic batch), then runs the file in onnxruntime-node on
 * a small batch and compares with tfjs; throws when they differ by more than EXPORT_TOLERANCE.
 */
export async function exportRun(checkpoint: string, onnxPath: string): Promise<ExportRunResult> {
  const { tensors, state } = loadRunCheckpoint(checkpoint);
  const config = state.modelConfig;
  const model = buildModel(config);
  const bytes = exportOnnx(model, tensors.ema, exportInputs(config), {
    graphName: `latentlab-${state.recipe}`,
    docString: `latentlab ${state.recipe}, step ${state.step}, EMA weights; inputs x, t in [0, 1], y (null class ${config.classes}); output: rectified-flow velocity`,
  });
  writeFileSync(onnxPath, bytes);

  await useBackend('auto');
  const feeds = verificationBatch(config);
  const params = new TrainableParams(tensors.ema);
  let expected: Tensor;
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, value]) => [name, toTf(value)]));
    const output = runModel(model, params.params, inputs)['output'] as tf.Tensor; // (3, …)
    expected = fromTf(output);
    output.dispose();
    for (const value of Object.values(inputs)) value.dispose();
  } finally {
    params.dispose();
  }
  const { createNodeRunner } = await import('@latentlab/onnx/node'); // loads onnxruntime-node on first use
  const runner = await createNodeRunner(bytes);
  try {
    const { output } = await runner.run(feeds);
    const difference = maxAbsDiff(output!, expected);
    if (!(difference <= EXPORT_TOLERANCE)) {
      throw new CliError(
        `export check failed: ${onnxPath} differs from tfjs by ${difference.toExponential(3)} (limit ${EXPORT_TOLERANCE})`,
      );
    }
    return { path: onnxPath, bytes: bytes.length, maxAbsDiff: difference };
  } finally {
    await runner.release();
  }
}

import { exportOnnx, type OnnxInputSpec } from '@latentlab/onnx';
import { type NoiseProcess, processByName } from '@latentlab/schedules';
import type { ModelCard } from '@latentlab/tensor';
import { createRng, maxAbsDiff, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, runModel, TrainableParams, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { writeModelCardFile } from '../cards/model-card-file.js';
import { runModelCard } from '../cards/run-card.js';
import { loadRunCheckpoint } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { requireWritableOutput } from '../output-file.js';
import { buildModel, modelInputs } from '../recipes/build-model.js';
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
  return modelInputs(config);
}

/**
 * A seeded verification batch of 3: noise, times spread over the process, labels with the null class, and
 * three values of each scalar condition (a student's w or d: 0, 0.5 and 3, spanning both kinds' ranges).
 */
function verificationBatch(config: ModelConfig, process: NoiseProcess): Record<string, Tensor> {
  const rng = createRng(1234);
  const shape = [3, ...sampleShape(config)];
  const time = (fraction: number) => process.tMin + fraction * (process.tMax - process.tMin);
  const scalars = config.kind === 'dit' ? (config.scalarConditions ?? []) : [];
  return {
    x: tensor(rng.normal(shape.reduce((product, dim) => product * dim, 1)), shape),
    t: tensor([time(0.1), time(0.5), time(0.9)], [3]),
    y: tensor([0, config.classes - 1, config.classes], [3], 'int32'),
    ...Object.fromEntries(scalars.map(({ name }) => [name, tensor([0, 0.5, 3], [3])])),
  };
}

/** A run exported in memory and verified: the `.onnx` bytes, its card, and the check's difference. */
export interface VerifiedExport {
  bytes: Uint8Array;
  card: ModelCard;
  /** max |onnxruntime − tfjs| on the verification batch. */
  maxAbsDiff: number;
}

/**
 * Exports a run's EMA weights to ONNX bytes (opset 17, dynamic batch) with the run's model card in its
 * metadata_props (also written to DIR/model-card.json unless `writeCard` is false), runs them in
 * onnxruntime-node on a small batch and compares with tfjs; throws when they differ by more than
 * EXPORT_TOLERANCE.
 */
export async function exportVerified(
  checkpoint: string,
  options: { writeCard?: boolean; onStage?: (stage: string) => void } = {},
): Promise<VerifiedExport> {
  const { tensors, state } = loadRunCheckpoint(checkpoint);
  const config = state.modelConfig;
  const model = buildModel(config);
  // A denoiser's card (pixel, latent or distilled: the families whose runs this exports).
  const card = runModelCard(checkpoint, state);
  if (options.writeCard !== false) writeModelCardFile(checkpoint, card);
  const denoiser = card.denoiser!;
  options.onStage?.(`recording the ONNX graph of ${checkpoint} (step ${state.step}, EMA weights)`);
  const bytes = exportOnnx(model, tensors.ema, exportInputs(config), {
    graphName: `latentlab-${state.recipe}`,
    docString: `latentlab ${state.recipe}, step ${state.step}, EMA weights; ${denoiser.process} process, predicts ${denoiser.target}; the model card (metadata_props latentlab.model_card) says the rest`,
    card,
  });

  options.onStage?.(`verifying ${bytes.length} bytes: onnxruntime-node against tfjs on a batch of 3`);
  await useBackend('auto');
  const feeds = verificationBatch(config, processByName(denoiser.process));
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
        `export check failed: the ONNX export of ${checkpoint} differs from tfjs by ${difference.toExponential(3)} (limit ${EXPORT_TOLERANCE})`,
      );
    }
    return { bytes, card, maxAbsDiff: difference };
  } finally {
    await runner.release();
  }
}

/**
 * `latentlab export`: `exportVerified`, then the file, written only once verified and atomically; an
 * existing file is replaced only with `force`.
 */
export async function exportRun(
  checkpoint: string,
  onnxPath: string,
  options: { force?: boolean; onStage?: (stage: string) => void } = {},
): Promise<ExportRunResult> {
  requireWritableOutput(onnxPath, 'path', options.force === true);
  const { bytes, maxAbsDiff: difference } = await exportVerified(checkpoint, {
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  writeFileAtomic(onnxPath, bytes);
  return { path: onnxPath, bytes: bytes.length, maxAbsDiff: difference };
}

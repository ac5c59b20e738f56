import { accuracyOf, classifierFeatures, featureFrechetDistance } from '@latentlab/metrics';
import type { SamplerName } from '@latentlab/samplers';
import { type Tensor, tensor } from '@latentlab/tensor';
import { type BackendName, useBackend } from '@latentlab/tfjs';
import { CliError, FieldError } from '../errors.js';
import { type DatasetEvaluation, type DatasetName, datasetEvaluation } from '../recipes/datasets.js';
import { RECIPES, recipeByName } from '../recipes/registry.js';
import type { SampleBatch } from '../sampling/batched-samples.js';
import { openRunDenoiser, type SamplingEngine } from '../sampling/run-denoiser.js';
import { balancedSamples } from './balanced-samples.js';
import type { EvalRecord } from './eval-record.js';
import { floorAtSampleCount } from './sample-count-floor.js';

export interface EvaluateRunOptions {
  /** The run directory written by `latentlab train`. */
  checkpoint: string;
  /** Total samples per setting, a multiple of the class count (balanced: samples / classes per class). */
  samples: number;
  /** Every combination of `stepsList` × `guidanceScales` is one setting. */
  stepsList: readonly number[];
  guidanceScales: readonly number[];
  sampler: SamplerName;
  seed: number;
  /** Samples per model batch. */
  batchSize: number;
  /** Compare with the first this many test images (default: the whole test split). */
  referenceCount?: number;
  /** Sample an exported .onnx with onnxruntime-node. */
  onnx?: string;
  /** How a checkpoint is run: a verified in-memory ONNX export (default) or tfjs. */
  engine?: SamplingEngine;
  /** Hears that sampling for a setting starts (for progress). */
  onSettingStart?: (setting: { steps: number; guidanceScale: number; total: number }) => void;
  /** Hears each batch of samples as it is drawn. */
  onBatch?: (batch: SampleBatch) => void;
  backend?: BackendName;
  /** Called once per setting as soon as it is scored (e.g. to log it). */
  onRecord?: (record: EvalRecord) => void;
}

/** The evaluated run and one record per (steps, guidance scale) setting, in the order steps × scales. */
export interface RunEvaluation {
  recipe: string;
  dataset: string;
  checkpointStep: number;
  floor: number;
  /** Test images the FID compares with. */
  referenceCount: number;
  perClass: number;
  records: EvalRecord[];
}

/**
 * Samples a trained image run at each setting, class-balanced, and scores the samples with the metrics
 * classifier of the run's data set: classifier FID against the test split (beside the real-vs-real floor)
 * and class accuracy.
 */
export async function evaluateRun(options: EvaluateRunOptions): Promise<RunEvaluation> {
  const denoiser = await openRunDenoiser(options);
  const records: EvalRecord[] = [];
  let referenceCount = 0;
  try {
    const evaluation = runEvaluation(denoiser.recipe, denoiser.dataset as DatasetName | undefined);
    const { classes, sampleShape: shape } = denoiser;
    if (options.samples <= 0 || options.samples % classes !== 0) {
      throw new FieldError(
        'samples',
        `${options.samples}`,
        `expected a positive multiple of the ${classes} classes (balanced: the same count per class)`,
      );
    }
    await useBackend(options.backend ?? 'auto'); // the classifier runs on tfjs
    const reference = firstImages(evaluation.loadTestImages(), options.referenceCount); // (R, 1, 28, 28)
    referenceCount = reference.shape[0] as number;
    const referenceFeatures = classifierFeatures(reference, evaluation.dataset).features; // (R, 128)
    const floor = floorAtSampleCount(evaluation, options.samples, classes, referenceFeatures);
    for (const steps of options.stepsList) {
      for (const guidanceScale of options.guidanceScales) {
        const started = performance.now();
        options.onSettingStart?.({ steps, guidanceScale, total: options.samples });
        const { samples, labels } = await balancedSamples({
          ...(denoiser.decoder ? { decoder: denoiser.decoder } : {}),
          model: denoiser.model,
          denoising: denoiser.denoising,
          sampleShape: shape,
          classes,
          perClass: options.samples / classes,
          steps,
          sampler: options.sampler,
          guidanceScale,
          seed: options.seed,
          batchSize: options.batchSize,
          onBatch: (batch) => options.onBatch?.(batch),
        });
        const imageShape = denoiser.decoder?.shape ?? shape; // a latent model's samples come back decoded
        const outputs = classifierFeatures(
          tensor(samples, [labels.length, ...imageShape]),
          evaluation.dataset,
        );
        const record: EvalRecord = {
          recipe: denoiser.recipe,
          dataset: evaluation.dataset,
          checkpoint_step: denoiser.step,
          samples: labels.length,
          steps,
          cfg: guidanceScale,
          sampler: options.sampler,
          seed: options.seed,
          fid: featureFrechetDistance(outputs.features, referenceFeatures),
          fid_floor: floor,
          floor_samples: labels.length,
          accuracy: accuracyOf(outputs, labels),
          reference: referenceCount,
          seconds: Math.round((performance.now() - started) / 10) / 100,
        };
        records.push(record);
        options.onRecord?.(record);
      }
    }
    return {
      recipe: denoiser.recipe,
      dataset: evaluation.dataset,
      checkpointStep: denoiser.step,
      floor,
      referenceCount,
      perClass: options.samples / classes,
      records,
    };
  } finally {
    await denoiser.release();
  }
}

/** The metrics classifier of the run's data set (saved in its state, or its recipe's), or a CliError. */
function runEvaluation(recipeName: string, dataset: DatasetName | undefined): DatasetEvaluation {
  // Runs older than the state's dataset field: their recipe's (a student's: MNIST, all there were then).
  const named = () => recipeByName(recipeName).dataset;
  const evaluation = datasetEvaluation(
    dataset ?? (named() === 'teacher' ? 'mnist' : (named() as DatasetName)),
  );
  if (evaluation) return evaluation;
  const evaluable = RECIPES.filter(
    (candidate) => candidate.dataset !== 'teacher' && datasetEvaluation(candidate.dataset),
  )
    .map((candidate) => `${candidate.name} (${candidate.dataset})`)
    .join(', ');
  throw new CliError(
    `the run's recipe ${recipeName} has no metrics classifier for its data set; eval expects a run of ${evaluable}`,
  );
}

/** The first `count` images of (N, …) `images` (all of them when `count` is undefined). */
/** The first `count` images (the FID reference of an evaluation), or all of them; a bad count is a FieldError. */
export function firstImages(images: Tensor<'float32'>, count: number | undefined): Tensor<'float32'> {
  const available = images.shape[0] as number;
  if (count === undefined) return images;
  if (!(count >= 2 && count <= available)) {
    throw new FieldError(
      'referenceCount',
      `${count}`,
      `expected 2…${available} (the test split has ${available} images)`,
    );
  }
  const imageSize = images.data.length / available;
  return tensor(images.data.subarray(0, count * imageSize), [count, ...images.shape.slice(1)]);
}

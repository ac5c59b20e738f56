import type { SamplerName } from '@latentlab/samplers';
import type { BackendName } from '@latentlab/tfjs';
import { CliError } from '../errors.js';
import {
  DEFAULT_SAMPLE_BATCH,
  gatherSamples,
  type SampleBatch,
  type samplesInBatches,
} from './batched-samples.js';
import { openRunDenoiser, type SamplingEngine } from './run-denoiser.js';

export interface SampleRunOptions {
  /** The run directory written by `latentlab train` (not needed with `onnx`). */
  checkpoint?: string;
  sampler?: SamplerName;
  steps?: number;
  /** Guidance scale (diffusers' convention, 1 = none; default 2). */
  guidanceScale?: number;
  /** One grid row per class (default: every class). */
  classes?: readonly number[];
  perClass?: number;
  seed?: number;
  /** Sample through this exported model with onnxruntime-node. */
  onnx?: string;
  /** How a checkpoint is run: 'onnx' (an in-memory export, verified; the default) or 'tfjs'. */
  engine?: SamplingEngine;
  backend?: BackendName;
  /** Samples per model batch (default DEFAULT_SAMPLE_BATCH): memory is that of one batch. */
  batchSize?: number;
  /** Hears each batch as it is drawn (progress, or writing it out). */
  onBatch?: (batch: SampleBatch) => void | Promise<void>;
}

/** What is sampled: one sample's shape, the classes (grid rows) and the count per class. */
export interface SamplePlan {
  /** One sample as drawn, e.g. (1, 28, 28) or (2): a latent model's decoded image. */
  sampleShape: number[];
  rows: number[];
  perClass: number;
  /** rows · perClass. */
  total: number;
}

export interface SampleRunResult extends SamplePlan {
  samples: Float32Array; // (classes · perClass, …)
  labels: Int32Array;
}

/** Samples a trained run or an exported `.onnx` in batches, gathering them all (for a grid). */
export async function sampleRun(options: SampleRunOptions): Promise<SampleRunResult> {
  let result: SampleRunResult | undefined;
  await streamSampleRun(options, async (plan, request) => {
    result = { ...plan, ...(await gatherSamples(request)) };
  });
  return result!;
}

/**
 * Opens the run's denoiser, checks the classes, and hands the plan and the batched request to `consume`
 * (which runs it with `samplesInBatches` or `gatherSamples`); releases the denoiser after.
 */
export async function streamSampleRun(
  options: SampleRunOptions,
  consume: (plan: SamplePlan, request: Parameters<typeof samplesInBatches>[0]) => Promise<void>,
): Promise<void> {
  const denoiser = await openRunDenoiser(options);
  try {
    const { classes, sampleShape } = denoiser;
    const shape = denoiser.decoder?.shape ?? sampleShape; // what the consumer gets: images of a latent model
    const rows = options.classes
      ? [...options.classes]
      : Array.from({ length: classes }, (_, label) => label);
    for (const label of rows) {
      if (!(label >= 0 && label < classes)) {
        throw new CliError(`class ${label} is out of range: the model has classes 0…${classes - 1}`);
      }
    }
    const perClass = options.perClass ?? (shape.length === 1 ? 512 : 8);
    const labels = Int32Array.from(
      { length: rows.length * perClass },
      (_, index) => rows[Math.floor(index / perClass)]!,
    );
    await consume(
      { sampleShape: shape, rows, perClass, total: labels.length },
      {
        ...(denoiser.decoder ? { decoder: denoiser.decoder } : {}),
        model: denoiser.model,
        denoising: denoiser.denoising,
        sampleShape,
        labels,
        steps: options.steps ?? denoiser.denoising.steps ?? 20,
        sampler: options.sampler ?? 'euler',
        guidanceScale: options.guidanceScale ?? denoiser.denoising.guidanceScale ?? 2,
        seed: options.seed ?? 0,
        batchSize: options.batchSize ?? DEFAULT_SAMPLE_BATCH,
        onBatch: options.onBatch ?? (() => {}),
      },
    );
  } finally {
    await denoiser.release();
  }
}

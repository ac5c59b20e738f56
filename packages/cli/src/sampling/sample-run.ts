import type { SamplerName } from '@latentlab/samplers';
import type { BackendName } from '@latentlab/tfjs';
import { CliError } from '../errors.js';
import { classSamples } from './class-samples.js';
import { openRunDenoiser } from './run-denoiser.js';

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
  /** Sample through this exported model with onnxruntime-node instead of tfjs. */
  onnx?: string;
  backend?: BackendName;
}

export interface SampleRunResult {
  samples: Float32Array; // (classes · perClass, …)
  labels: Int32Array;
  /** One sample, e.g. (1, 28, 28) or (2). */
  sampleShape: number[];
  rows: number;
  perClass: number;
}

/** Samples a trained run with its EMA weights (tfjs) or its exported ONNX model (onnxruntime-node). */
export async function sampleRun(options: SampleRunOptions): Promise<SampleRunResult> {
  const denoiser = await openRunDenoiser(options);
  try {
    const { classes, sampleShape } = denoiser;
    const rows = options.classes ?? Array.from({ length: classes }, (_, label) => label);
    for (const label of rows) {
      if (!(label >= 0 && label < classes)) {
        throw new CliError(`class ${label} is out of range: the model has classes 0…${classes - 1}`);
      }
    }
    const perClass = options.perClass ?? (sampleShape.length === 1 ? 512 : 8);
    const drawn = await classSamples({
      model: denoiser.model,
      denoising: denoiser.denoising,
      sampleShape,
      rows,
      perRow: perClass,
      steps: options.steps ?? 20,
      sampler: options.sampler ?? 'euler',
      guidanceScale: options.guidanceScale ?? 2,
      seed: options.seed ?? 0,
    });
    return { ...drawn, sampleShape, rows: rows.length, perClass };
  } finally {
    await denoiser.release();
  }
}

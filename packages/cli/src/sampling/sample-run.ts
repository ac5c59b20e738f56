import type { SamplerName } from '@latentlab/samplers';
import type { BackendName } from '@latentlab/tfjs';
import { CliError } from '../errors.js';
import { type ModelConfig, sampleShape } from '../recipes/model-config.js';
import { classSamples } from './class-samples.js';
import { openRunDenoiser } from './run-denoiser.js';

export interface SampleRunOptions {
  /** The run directory written by `latentlab train`. */
  checkpoint: string;
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
  config: ModelConfig;
  rows: number;
  perClass: number;
}

/** Samples a trained run with its EMA weights (tfjs) or its exported ONNX model (onnxruntime-node). */
export async function sampleRun(options: SampleRunOptions): Promise<SampleRunResult> {
  const denoiser = await openRunDenoiser(options);
  try {
    const config = denoiser.state.modelConfig;
    const rows = options.classes ?? Array.from({ length: config.classes }, (_, label) => label);
    for (const label of rows) {
      if (!(label >= 0 && label < config.classes)) {
        throw new CliError(`class ${label} is out of range: the model has classes 0…${config.classes - 1}`);
      }
    }
    const perClass = options.perClass ?? (config.kind === 'mlp' ? 512 : 8);
    const drawn = await classSamples({
      model: denoiser.model,
      denoising: denoiser.denoising,
      sampleShape: sampleShape(config),
      rows,
      perRow: perClass,
      steps: options.steps ?? 20,
      sampler: options.sampler ?? 'euler',
      guidanceScale: options.guidanceScale ?? 2,
      seed: options.seed ?? 0,
    });
    return { ...drawn, config, rows: rows.length, perClass };
  } finally {
    await denoiser.release();
  }
}

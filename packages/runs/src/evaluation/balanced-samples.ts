import type { Denoiser, SamplerName } from '@latentlab/samplers';
import { gatherSamples, type SampleBatch } from '../sampling/batched-samples.js';
import type { Denoising } from '../sampling/denoising.js';
import type { SampleDecoder } from '../sampling/latent-decoder.js';

export interface BalancedSamplesRequest {
  model: Denoiser<Int32Array>;
  denoising: Denoising;
  /** Shape of one sample, e.g. (1, 28, 28). */
  sampleShape: readonly number[];
  /** Number of classes. */
  classes: number;
  perClass: number;
  steps: number;
  sampler: SamplerName;
  /** Guidance scale, diffusers' convention (1 = no guidance). */
  guidanceScale: number;
  seed: number;
  /** Samples per model batch (bounds memory; see `samplesInBatches` for the seeding). */
  batchSize: number;
  onBatch?: (batch: SampleBatch) => void;
  /** A latent model's decoder (the samples come back as images). */
  decoder?: SampleDecoder;
}

/** The class of each of `perClass` samples of every class, class by class: 0…0, 1…1, … */
export function balancedLabels(classes: number, perClass: number): Int32Array {
  return Int32Array.from({ length: classes * perClass }, (_, index) => Math.floor(index / perClass));
}

/**
 * `perClass` samples of every class, class by class, drawn `batchSize` at a time; with `batchSize ≥
 * classes · perClass` exactly `sampleRun` with the same seed.
 */
export async function balancedSamples(
  request: BalancedSamplesRequest,
): Promise<{ samples: Float32Array; labels: Int32Array }> {
  const { classes, perClass, ...rest } = request;
  return gatherSamples({ ...rest, labels: balancedLabels(classes, perClass) });
}

import type { Denoiser, SamplerName } from '@latentlab/samplers';
import { createRng } from '@latentlab/tensor';
import { classSamples } from '../sampling/class-samples.js';
import type { Denoising } from '../sampling/denoising.js';

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
  /** Samples per model batch (bounds memory; a larger batch changes the noise of later samples, see below). */
  batchSize: number;
}

/**
 * `perClass` samples of every class, class by class (labels 0…0, 1…1, …), drawn `batchSize` at a time.
 * Batch 0 is seeded with `seed` itself, so with `batchSize ≥ classes · perClass` the result is exactly
 * `sampleRun` with the same seed; batch b > 0 with `createRng(seed).split(b)`'s first word.
 */
export async function balancedSamples(
  request: BalancedSamplesRequest,
): Promise<{ samples: Float32Array; labels: Int32Array }> {
  const total = request.classes * request.perClass;
  const labels = Int32Array.from({ length: total }, (_, index) => Math.floor(index / request.perClass));
  const sampleSize = request.sampleShape.reduce((product, dim) => product * dim, 1);
  const samples = new Float32Array(total * sampleSize); // (N, …sampleShape)
  const root = createRng(request.seed);
  for (let start = 0, batch = 0; start < total; start += request.batchSize, batch++) {
    const end = Math.min(total, start + request.batchSize);
    const drawn = await classSamples({
      model: request.model,
      denoising: request.denoising,
      sampleShape: request.sampleShape,
      rows: Array.from(labels.subarray(start, end)), // one row per sample
      perRow: 1,
      steps: request.steps,
      sampler: request.sampler,
      guidanceScale: request.guidanceScale,
      seed: batch === 0 ? request.seed : root.split(batch).uint32(),
    });
    samples.set(drawn.samples, start * sampleSize);
  }
  return { samples, labels };
}

import type { SamplerName } from '@latentlab/samplers';
import { createRng } from '@latentlab/tensor';
import { classSamples } from './class-samples.js';
import type { Denoising } from './denoising.js';
import type { SampleDecoder } from './latent-decoder.js';
import type { ClassDenoiser } from './tfjs-denoiser.js';

/** Samples per model batch of `latentlab sample` and `eval` unless `--batch-size` says otherwise. */
export const DEFAULT_SAMPLE_BATCH = 100;

/**
 * One finished batch: its samples (B, …sampleShape) — images (B, …decoder.shape) for a latent model — their
 * labels, and where they start in the whole.
 */
export interface SampleBatch {
  samples: Float32Array;
  labels: Int32Array;
  start: number;
  /** The batch's starting noise (B, …sampleShape), when `recordNoise` asked for it. */
  noise?: Float32Array;
}

export interface BatchedSamplesRequest {
  model: ClassDenoiser;
  denoising: Denoising;
  /** Shape of one sample, e.g. (1, 28, 28). */
  sampleShape: readonly number[];
  /** The class of every sample, in order. */
  labels: Int32Array;
  steps: number;
  sampler: SamplerName;
  /** Guidance scale, diffusers' convention (1 = no guidance). */
  guidanceScale: number;
  seed: number;
  /** Samples per model batch: memory is bounded by one batch, whatever the total. */
  batchSize: number;
  /** Hears each batch as soon as it is drawn (to write it out, or to report progress). */
  onBatch: (batch: SampleBatch) => void | Promise<void>;
  /** A latent model's decoder: each batch is decoded to images before `onBatch` hears it. */
  decoder?: SampleDecoder;
  /** Hand each batch's starting noise to `onBatch` too. */
  recordNoise?: boolean;
}

/** The shape of one sample as `onBatch` hears it: the decoder's image for a latent model. */
export const outputShape = (request: Pick<BatchedSamplesRequest, 'sampleShape' | 'decoder'>) =>
  request.decoder?.shape ?? request.sampleShape;

/**
 * Draws the samples of `labels` `batchSize` at a time. Batch 0 is seeded with `seed` itself, so a request
 * that fits one batch gives exactly the samples of one `classSamples` call with that seed; batch b > 0
 * with `createRng(seed).split(b)`'s first word (a larger batch changes the noise of later samples).
 */
export async function samplesInBatches(request: BatchedSamplesRequest): Promise<void> {
  const root = createRng(request.seed);
  const total = request.labels.length;
  for (let start = 0, batch = 0; start < total; start += request.batchSize, batch++) {
    const labels = request.labels.subarray(start, Math.min(total, start + request.batchSize));
    const drawn = await classSamples({
      model: request.model,
      denoising: request.denoising,
      sampleShape: request.sampleShape,
      rows: Array.from(labels), // one row per sample
      perRow: 1,
      steps: request.steps,
      sampler: request.sampler,
      guidanceScale: request.guidanceScale,
      seed: batch === 0 ? request.seed : root.split(batch).uint32(),
      ...(request.recordNoise ? { recordNoise: true } : {}),
    });
    const samples = request.decoder
      ? await request.decoder.decode(drawn.samples, labels.length)
      : drawn.samples;
    await request.onBatch({
      samples,
      labels: drawn.labels,
      start,
      ...(drawn.noise ? { noise: drawn.noise } : {}),
    });
  }
}

/** Draws every batch of a request, handing each to `onBatch` as soon as it is drawn. */
export type DrawBatches = (onBatch: (batch: SampleBatch) => Promise<void>) => Promise<void>;

/** The batches `draw` draws gathered into one array (total, …sample) of `sampleSize` values each, and the labels. */
export async function gatherBatches(
  total: number,
  sampleSize: number,
  draw: DrawBatches,
): Promise<{ samples: Float32Array; labels: Int32Array }> {
  const samples = new Float32Array(total * sampleSize);
  const labels = new Int32Array(total);
  await draw(async (batch) => {
    samples.set(batch.samples, batch.start * sampleSize);
    labels.set(batch.labels, batch.start);
  });
  return { samples, labels };
}

/** `samplesInBatches` gathered into one array (N, …sampleShape), for callers that need them all. */
export async function gatherSamples(
  request: Omit<BatchedSamplesRequest, 'onBatch'> & { onBatch?: BatchedSamplesRequest['onBatch'] },
): Promise<{ samples: Float32Array; labels: Int32Array }> {
  const sampleSize = outputShape(request).reduce((product, dim) => product * dim, 1);
  return gatherBatches(request.labels.length, sampleSize, (onBatch) =>
    samplesInBatches({
      ...request,
      onBatch: async (batch) => {
        await onBatch(batch);
        await request.onBatch?.(batch);
      },
    }),
  );
}

import { type Denoiser, generate, type SamplerName, scalarFeeds, stackLabels } from '@latentlab/samplers';
import { CliError } from '../errors.js';
import type { Denoising } from './denoising.js';
import type { ClassDenoiser } from './tfjs-denoiser.js';

export interface ClassSamplesRequest {
  model: ClassDenoiser;
  denoising: Denoising;
  /** Shape of one sample, e.g. (1, 28, 28) or (2). */
  sampleShape: readonly number[];
  /** Classes to draw, one grid row each. */
  rows: readonly number[];
  perRow: number;
  steps: number;
  sampler: SamplerName;
  /** Guidance scale, diffusers' convention (1 = no guidance). */
  guidanceScale: number;
  seed: number;
  /** Also return each sample's starting noise (the ODE's other end: a reflow coupling). */
  recordNoise?: boolean;
}

/**
 * Draws `perRow` samples of each class in `rows` with a sampler and classifier-free guidance — or, for a
 * guidance-distilled student, with the scale as its input and one call a step.
 */
export async function classSamples(
  request: ClassSamplesRequest,
): Promise<{ samples: Float32Array; labels: Int32Array; noise?: Float32Array }> {
  const { denoising } = request;
  let noise: Float32Array | undefined;
  let feeds: ReturnType<typeof scalarFeeds>;
  try {
    feeds = scalarFeeds(denoising, {
      process: denoising.process,
      steps: request.steps,
      guidanceScale: request.guidanceScale,
      ...(denoising.tStart !== undefined ? { tStart: denoising.tStart } : {}),
      ...(denoising.spacing ? { spacing: denoising.spacing } : {}),
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const { scalars } = feeds;
  const model: Denoiser<Int32Array> = scalars
    ? (input) => request.model({ ...input, scalars })
    : request.model;
  const labels = Int32Array.from(
    { length: request.rows.length * request.perRow },
    (_, index) => request.rows[Math.floor(index / request.perRow)]!,
  ); // (B)
  const samples = await generate({
    process: denoising.process,
    model,
    target: denoising.target,
    condition: labels,
    shape: [labels.length, ...request.sampleShape],
    steps: request.steps,
    ...(denoising.spacing ? { spacing: denoising.spacing } : {}),
    ...(denoising.tStart !== undefined ? { tStart: denoising.tStart } : {}),
    ...(denoising.clipDenoised ? { clipDenoised: denoising.clipDenoised } : {}),
    sampler: request.sampler,
    seed: request.seed,
    ...(request.recordNoise
      ? {
          onStart: (x: Float32Array) => {
            noise = x;
          },
        }
      : {}),
    guidance: {
      scale: feeds.guidanceScale,
      unconditional: new Int32Array(labels.length).fill(denoising.nullClass),
      stack: stackLabels,
    },
  }); // (B, …)
  return { samples, labels, ...(noise ? { noise } : {}) };
}

import { sampleDenoiser } from '@latentlab/generate';
import type { SamplerName } from '@latentlab/samplers';
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
  const labels = Int32Array.from(
    { length: request.rows.length * request.perRow },
    (_, index) => request.rows[Math.floor(index / request.perRow)]!,
  ); // (B)
  let noise: Float32Array | undefined;
  let samples: Float32Array;
  try {
    samples = await sampleDenoiser({
      model: request.model,
      denoising: request.denoising,
      labels,
      sampleShape: request.sampleShape,
      steps: request.steps,
      sampler: request.sampler,
      guidanceScale: request.guidanceScale,
      seed: request.seed,
      ...(request.recordNoise
        ? {
            onStart: (x: Float32Array) => {
              noise = x;
            },
          }
        : {}),
    }); // (B, …)
  } catch (error) {
    // scalarFeeds refuses settings a student cannot take (e.g. a shortcut model at steps it never learnt).
    if (error instanceof RangeError) throw new CliError(error.message);
    throw error;
  }
  return { samples, labels, ...(noise ? { noise } : {}) };
}

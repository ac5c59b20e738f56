import { type Denoiser, generate, type SamplerName, stackLabels } from '@latentlab/samplers';
import { rectifiedFlow } from '@latentlab/schedules';

export interface ClassSamplesRequest {
  model: Denoiser<Int32Array>;
  /** Shape of one sample, e.g. (1, 28, 28) or (2). */
  sampleShape: readonly number[];
  /** Classes to draw, one grid row each; the null class is `classes`. */
  rows: readonly number[];
  perRow: number;
  classes: number;
  steps: number;
  sampler: SamplerName;
  /** Guidance scale, diffusers' convention (1 = no guidance). */
  guidanceScale: number;
  seed: number;
}

/** Draws `perRow` samples of each class in `rows` with a rectified-flow sampler and classifier-free guidance. */
export async function classSamples(
  request: ClassSamplesRequest,
): Promise<{ samples: Float32Array; labels: Int32Array }> {
  const labels = Int32Array.from(
    { length: request.rows.length * request.perRow },
    (_, index) => request.rows[Math.floor(index / request.perRow)]!,
  ); // (B)
  const samples = await generate({
    process: rectifiedFlow(),
    model: request.model,
    target: 'velocity',
    condition: labels,
    shape: [labels.length, ...request.sampleShape],
    steps: request.steps,
    sampler: request.sampler,
    seed: request.seed,
    guidance: {
      scale: request.guidanceScale,
      unconditional: new Int32Array(labels.length).fill(request.classes),
      stack: stackLabels,
    },
  }); // (B, …)
  return { samples, labels };
}

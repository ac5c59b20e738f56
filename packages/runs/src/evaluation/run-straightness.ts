import { linearTimeGrid, straightness } from '@latentlab/distill';
import {
  type Denoiser,
  initialNoise,
  samplingLevels,
  scalarFeeds,
  stackLabels,
  withGuidance,
} from '@latentlab/samplers';
import { createRng } from '@latentlab/tensor';
import { openRunDenoiser } from '../sampling/run-denoiser.js';

export interface RunStraightnessOptions {
  checkpoint: string;
  /** Paths measured, balanced over the classes (default 200). */
  count?: number;
  /** Euler steps along each path (default 32). */
  steps?: number;
  /** The guidance scale the paths are drawn with (default the run's card, else 1). */
  guidanceScale?: number;
  seed?: number;
}

/**
 * The straightness of a run's guided ODE paths (Liu et al. 2022, Definition 2.3, `straightness` of
 * @latentlab/distill) from `count` noises over `steps` Euler steps in onnxruntime-node: what reflow lowers.
 */
export async function runStraightness(options: RunStraightnessOptions) {
  const denoiser = await openRunDenoiser({ checkpoint: options.checkpoint });
  try {
    const { denoising, classes, sampleShape } = denoiser;
    const count = options.count ?? 200;
    const steps = options.steps ?? 32;
    const labels = Int32Array.from({ length: count }, (_, index) => index % classes); // (B)
    const feeds = scalarFeeds(denoising, {
      process: denoising.process,
      steps,
      guidanceScale: options.guidanceScale ?? denoising.guidanceScale ?? 1,
    });
    const scalars = feeds.scalars;
    const model: Denoiser<Int32Array> = scalars
      ? (input) => denoiser.model({ ...input, scalars })
      : denoiser.model;
    const guided = withGuidance(model, {
      scale: feeds.guidanceScale,
      unconditional: new Int32Array(count).fill(denoising.nullClass),
      stack: stackLabels,
    });
    const shape = [count, ...sampleShape];
    const size = shape.reduce((product, dim) => product * dim, 1);
    const [start] = samplingLevels(denoising.process, { steps });
    const rng = createRng(options.seed ?? 0);
    const result = await straightness({
      process: denoising.process,
      model: guided,
      target: denoising.target,
      condition: labels,
      shape,
      x: initialNoise(start!, size, (n) => rng.normal(n)),
      times: linearTimeGrid(denoising.process, steps),
    });
    return { straightness: result.straightness, relative: result.relative, count, steps };
  } finally {
    await denoiser.release();
  }
}

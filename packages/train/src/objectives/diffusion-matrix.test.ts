import { gaussianMixture2d } from '@latentlab/data';
import { generate, type Spacing } from '@latentlab/samplers';
import { edm, type NoiseProcess, type PredictionTarget, rectifiedFlow, vpCosine } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { labeledBatches } from '../batches/labeled-batches.js';
import { fit } from '../fit.js';
import { edmPreconditioning } from '../preconditioning/edm-preconditioning.js';
import { tfjsDenoiser } from '../test-support/tfjs-denoiser.js';
import { initToyDenoiser, TOY_SIGMA_DATA, toyDenoiser } from '../test-support/toy-model.js';
import { diffusionObjective } from './diffusion.js';
import { edmWeighting, type LossWeighting, minSnrWeighting, uniformWeighting } from './loss-weighting.js';
import { edmLogNormalTrainingTimes, type TrainingTimes, uniformTrainingTimes } from './training-times.js';

/**
 * Two Gaussians at (±1, 0) with std 0.3: mean (0, 0), variances (1.09, 0.09). Anisotropic on purpose, so a
 * sampler that only gets the overall scale right still fails the per-axis checks.
 */
const POINTS = 4096;
const data = gaussianMixture2d(POINTS, createRng(3), { components: 2, radius: 1, std: 0.3 });
const moments = (points: Float32Array) => {
  const count = points.length / 2;
  const mean = [0, 0];
  const variance = [0, 0];
  for (let i = 0; i < count; i++) for (const axis of [0, 1]) mean[axis]! += points[2 * i + axis]! / count;
  for (let i = 0; i < count; i++) {
    for (const axis of [0, 1]) variance[axis]! += (points[2 * i + axis]! - mean[axis]!) ** 2 / count;
  }
  return { mean, variance };
};
const reference = moments(data.points.data);

interface ProcessCase {
  process: NoiseProcess;
  times: TrainingTimes;
  weighting: LossWeighting;
  spacing?: Spacing;
  /** Where ε cannot recover x₀ (α = 0 at t = 1), sampling starts just below. */
  tStart?: number;
}

const PROCESSES: Record<string, ProcessCase> = {
  rf: {
    process: rectifiedFlow(),
    times: uniformTrainingTimes(),
    weighting: uniformWeighting(),
    tStart: 0.995,
  },
  'vp-cosine': {
    process: vpCosine(),
    times: uniformTrainingTimes(),
    weighting: uniformWeighting(),
    tStart: 0.995,
  },
  edm: {
    process: edm({ sigmaMin: 0.002, sigmaMax: 20 }),
    times: edmLogNormalTrainingTimes(-0.5, 1.5),
    weighting: uniformWeighting(),
    spacing: 'karras',
  },
};
const TARGETS: PredictionTarget[] = ['x0', 'epsilon', 'v', 'velocity'];

/**
 * The network and weighting of one case. x₀ regression is weighted min-SNR-5 (uniform x₀ weights leave the
 * low-noise end, where the fine structure is decided, nearly untrained); on `edm` it is EDM's own recipe:
 * the preconditioned denoiser (c_skip, c_out, c_in, c_noise) with EDM's weighting. v on `edm` (|v| grows
 * with σ) also takes EDM's weighting, converted to v; every other case is uniform on its own target.
 */
function toySetup(name: string, target: PredictionTarget, setup: ProcessCase) {
  if (name === 'edm' && target === 'v')
    return { model: toyDenoiser(name, target), weighting: edmWeighting(TOY_SIGMA_DATA) };
  if (target !== 'x0') return { model: toyDenoiser(name, target), weighting: setup.weighting };
  if (name !== 'edm') return { model: toyDenoiser(name, target), weighting: minSnrWeighting(5) };
  const network = toyDenoiser('rf', target); // raw inputs: the wrapper scales them
  return {
    model: edmPreconditioning(network, { sigmaData: TOY_SIGMA_DATA }),
    weighting: edmWeighting(TOY_SIGMA_DATA),
  };
}

beforeAll(async () => {
  await useBackend('auto');
});

describe('the generalized diffusion objective: every process × target trains through fit and samples', () => {
  const cases = Object.keys(PROCESSES).flatMap((name) => TARGETS.map((target) => [name, target] as const));
  it.each(cases)(
    '%s × %s: sample moments match the data',
    async (name, target) => {
      const setup = PROCESSES[name]!;
      const { model, weighting } = toySetup(name, target, setup);
      const trained = await fit({
        model,
        params: initToyDenoiser(createRng(1)),
        objective: diffusionObjective({
          process: setup.process,
          target,
          times: setup.times,
          weighting,
        }),
        batches: labeledBatches(
          { examples: data.points.data, labels: data.labels.data, exampleShape: [2] },
          { batchSize: 256, seed: 0 },
        ),
        steps: 1000,
        rng: createRng(2),
        optimizer: { learningRate: 3e-3 },
        ema: 0.99,
      });
      const { denoiser, release } = tfjsDenoiser(model, trained.ema!);
      try {
        const samples = await generate({
          process: setup.process,
          model: denoiser,
          target,
          condition: null,
          shape: [2048, 2],
          steps: 30,
          sampler: 'heun_angle', // the Heun the bounds below were measured with (second order from rf's t = 1)
          seed: 5,
          ...(setup.spacing ? { spacing: setup.spacing } : {}),
          ...(setup.tStart !== undefined && ['epsilon', 'x0'].includes(target)
            ? { tStart: setup.tStart }
            : {}),
        });
        const drawn = moments(samples);
        // Bounds: the means within 0.12 (standard error of 2,048 samples ≈ 0.02), each axis variance within
        // 20% (25% above) of the data's, 1.09 and 0.09. Measured: means ≤ 0.08, ratios 0.90–1.12; a wrong target
        // conversion, or EDM's v left unweighted, misses by far more (variance ratio 6.8 on the narrow axis).
        for (const axis of [0, 1]) {
          expect(Math.abs(drawn.mean[axis]! - reference.mean[axis]!), `mean ${axis}`).toBeLessThan(0.12);
          expect(drawn.variance[axis]! / reference.variance[axis]!, `variance ${axis}`).toBeGreaterThan(0.8);
          expect(drawn.variance[axis]! / reference.variance[axis]!, `variance ${axis}`).toBeLessThan(1.25);
        }
      } finally {
        release();
      }
    },
    120_000,
  );
});

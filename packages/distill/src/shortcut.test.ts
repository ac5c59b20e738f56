import { createRng } from '@latentlab/tensor';
import { fit } from '@latentlab/train';
import { describe, expect, it } from 'vitest';
import { shortcutObjective } from './shortcut.js';
import { gaussianBatches } from './test-support/gaussian-data.js';
import { runBatch } from './test-support/run-plain.js';
import { initToyStudent, toyStudent } from './test-support/toy-student.js';

const MEAN = [1.5, -0.5] as const;
const STD = 0.5;

/** x_{t−d} = x_t − d·s(x_t, t, d) from t = 1 in `steps` equal steps (the shortcut sampler of Frans et al.). */
function shortcutSample(
  params: Parameters<typeof runBatch>[1],
  noise: Float32Array,
  steps: number,
  stepSize = 1 / steps,
) {
  const model = toyStudent(1, ['d']);
  const count = noise.length / 2;
  let x = Float32Array.from(noise);
  for (let i = 0; i < steps; i++) {
    const t = 1 - i / steps;
    const velocity = runBatch(model, params, {
      x,
      t: new Float32Array(count).fill(t),
      y: new Int32Array(count),
      scalars: { d: new Float32Array(count).fill(stepSize) },
    });
    x = x.map((value, k) => value - (1 / steps) * velocity[k]!);
  }
  return x;
}

const rms = (a: Float32Array, b: Float32Array) =>
  Math.sqrt(a.reduce((sum, value, k) => sum + (value - b[k]!) ** 2, 0) / a.length);

describe('shortcut models (Frans et al. 2024) on a Gaussian, whose exact flow map is known', () => {
  // For data N(μ, s²·I) the rectified-flow ODE carries noise z at t = 1 to μ + s·z at t = 0 exactly (the
  // marginals stay Gaussian along x_t = (1 − t)·x₀ + t·ε, and the flow of a Gaussian is affine).
  it('one step of size 1 lands near μ + s·z, where one Euler step of the flow (d = 0) collapses to μ', async () => {
    const rng = createRng(11);
    const params = initToyStudent(1, ['d'], rng.split(1));
    const result = await fit({
      model: toyStudent(1, ['d']),
      params,
      objective: shortcutObjective({ baseSteps: 8 }),
      batches: gaussianBatches([MEAN], STD, 128),
      steps: 1500,
      rng: rng.split(2),
      optimizer: { learningRate: 3e-3 },
      ema: 0.99,
    });
    const weights = result.ema!;
    const noise = createRng(99).normal(2 * 512);
    const exact = noise.map((z, k) => MEAN[k % 2]! + STD * z);
    const oneStep = rms(shortcutSample(weights, noise, 1), exact);
    const fourSteps = rms(shortcutSample(weights, noise, 4), exact);
    const flowOneStep = rms(shortcutSample(weights, noise, 1, 0), exact);
    console.log(
      `shortcut RMS from the exact map: 1 step ${oneStep.toFixed(3)}, 4 steps ${fourSteps.toFixed(3)}; the flow (d = 0) in 1 step ${flowOneStep.toFixed(3)}`,
    );
    expect(flowOneStep).toBeGreaterThan(0.35); // ≈ s·E‖z‖/√2: every sample pulled to the mean
    expect(oneStep).toBeLessThan(0.12); // measured 0.087 (1,500 steps of a 4-layer MLP)
    expect(fourSteps).toBeLessThan(0.12); // measured 0.083
  });
});

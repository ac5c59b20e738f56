import type { Denoiser } from '@latentlab/samplers';
import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { straightness } from './straightness.js';
import { gaussianMixturePosteriorMean } from './test-support/gaussian-teachers.js';
import { linearTimeGrid } from './time-grid.js';

const MEAN: readonly [number, number] = [1.5, -0.5];
const process = rectifiedFlow();

/** The exact x₀ predictor of N(μ, s²·I) on rectified flow, as a sampler's denoiser (plain float64 JS). */
function exactDenoiser(std: number): Denoiser<null> {
  return async ({ x, t }) => {
    const out = new Float32Array(x.length);
    for (let k = 0; k < x.length; k += 2) {
      const mean = gaussianMixturePosteriorMean([MEAN], std, [x[k]!, x[k + 1]!], t, 0);
      out[k] = mean[0];
      out[k + 1] = mean[1];
    }
    return out;
  };
}

describe('straightness (Liu et al. 2022, Definition 2.3) of the exact flow of a Gaussian', () => {
  // The rectified-flow ODE of N(μ, s²·I) carries z along x(t) = (1 − t)·μ + g(t)·z, g = √(s²(1 − t)² + t²):
  // its slope −μ + g'(t)·z differs from the chord's, z·(1 − s) − μ, by z·(g'(t) − 1 + s), so
  // S = E[z²]·mean_t (g'(t) − 1 + s)², the mean over the grid's times.
  for (const std of [0.5, 1]) {
    it(`matches the closed form for s = ${std}`, async () => {
      const steps = 512;
      const times = linearTimeGrid(process, steps);
      const count = 256;
      const x = createRng(3).normal(2 * count);
      const result = await straightness({
        process,
        model: exactDenoiser(std),
        target: 'x0',
        condition: null,
        shape: [count, 2],
        x,
        times,
      });
      const meanSquare = x.reduce((sum, value) => sum + value * value, 0) / x.length;
      let expected = 0;
      for (let i = 0; i < steps; i++) {
        const t = times[i]!;
        const g = Math.sqrt(std * std * (1 - t) ** 2 + t * t);
        const slope = (t - std * std * (1 - t)) / g;
        expected += (slope - 1 + std) ** 2 / steps;
      }
      expected *= meanSquare;
      expect(expected).toBeGreaterThan(0.01);
      expect(Math.abs(result.straightness - expected)).toBeLessThan(0.02 * expected);
      // The ends: Euler over 512 steps lands on μ + s·z.
      const error = result.samples.reduce(
        (worst, value, k) => Math.max(worst, Math.abs(value - (MEAN[k % 2]! + std * x[k]!))),
        0,
      );
      expect(error).toBeLessThan(1e-2);
    });
  }
});

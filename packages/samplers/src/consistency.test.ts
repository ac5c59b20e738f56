import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { consistency } from './consistency.js';
import { initialNoise, samplingLevels } from './levels.js';
import { SAMPLER_NAMES, SAMPLERS, samplerByName } from './registry.js';
import type { Denoiser } from './types.js';

// Data N(μ, s²) per coordinate on rectified flow x_t = (1 − t)·x₀ + t·ε: the marginal at t is
// N((1 − t)·μ, (1 − t)²·s² + t²), and the probability-flow ODE maps it affinely onto the data, so the exact
// consistency function is f(x, t) = μ + s·(x − (1 − t)·μ) / √((1 − t)²·s² + t²).
const MEAN = 1.5;
const STD = 0.5;
const exactConsistency: Denoiser<null> = async ({ x, t }) =>
  x.map((value) => MEAN + (STD * (value - (1 - t) * MEAN)) / Math.sqrt((1 - t) ** 2 * STD ** 2 + t ** 2));

const moments = (values: Float32Array) => {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
};

describe('consistency (multistep consistency sampling, Song et al. 2023, Algorithm 1)', () => {
  const process = rectifiedFlow();
  const count = 20_000;
  const run = (steps: number, seed = 4) => {
    const levels = samplingLevels(process, { steps });
    const rng = createRng(seed);
    const x = initialNoise(levels[0]!, count, (n) => rng.normal(n));
    return {
      start: x,
      result: consistency({
        process,
        model: exactConsistency,
        target: 'x0',
        condition: null,
        shape: [count],
        levels,
        x,
        rng,
      }),
    };
  };

  it('one step is f(z, 1): the exact consistency function carries noise to μ + s·z', async () => {
    const { start, result } = run(1);
    const samples = await result;
    let worst = 0;
    for (let k = 0; k < count; k++) worst = Math.max(worst, Math.abs(samples[k]! - (MEAN + STD * start[k]!)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('more steps re-noise x̂₀ with fresh noise and keep the data distribution exactly', async () => {
    for (const steps of [2, 4]) {
      const samples = await run(steps).result;
      const { mean, std } = moments(samples);
      // 20,000 draws: standard errors 0.0035 (mean) and 0.0025 (std).
      expect(Math.abs(mean - MEAN), `${steps} steps: mean`).toBeLessThan(0.015);
      expect(Math.abs(std - STD), `${steps} steps: std`).toBeLessThan(0.012);
      const oneStep = await run(1).result;
      expect(samples.some((value, k) => Math.abs(value - oneStep[k]!) > 0.05)).toBe(true); // fresh noise used
    }
  });

  it('needs an rng', async () => {
    const levels = samplingLevels(process, { steps: 2 });
    await expect(
      consistency({
        process,
        model: exactConsistency,
        target: 'x0',
        condition: null,
        shape: [4],
        levels,
        x: new Float32Array(4),
      }),
    ).rejects.toThrow(/needs rng/);
  });

  it('is reached by name (generate, the CLI) but kept out of the general SAMPLERS', () => {
    expect(samplerByName('consistency')).toBe(consistency);
    expect(SAMPLER_NAMES).toContain('consistency');
    expect(Object.keys(SAMPLERS)).not.toContain('consistency');
  });
});

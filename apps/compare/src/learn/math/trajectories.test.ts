import { stackLabels, withGuidance } from '@latentlab/samplers';
import { processByName } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { type GaussianMixture, mixtureDenoiser, TWO_CLASS_MIXTURE } from './gaussian-mixture-flow.js';
import { meanDistanceFrom } from './point-sets.js';
import { sampleTrajectories, startingNoise } from './trajectories.js';

const flow = processByName('rf');
const MEAN = [1.5, 0.5] as const;
const STD = 0.5;
const ONE_GAUSSIAN: GaussianMixture = [{ mean: MEAN, std: STD, weight: 1 }];
const COUNT = 16;

/**
 * For Gaussian data N(μ, s²I) the probability-flow ODE of rectified flow keeps the standardised coordinate
 * (x_t − (1 − t)·μ)/√((1 − t)²s² + t²) fixed (the marginals are N((1 − t)μ, ((1 − t)²s² + t²)·I) and the
 * flow is the linear map between them), so noise z at t = 1 ends at μ + s·z.
 */
function exactEndPoints(noise: Float32Array): Float64Array {
  return Float64Array.from(noise, (z, i) => MEAN[i % 2]! + STD * z);
}

function run(sampler: 'euler' | 'heun', steps: number) {
  const noise = startingNoise(flow, COUNT, 99);
  return sampleTrajectories({
    process: flow,
    model: mixtureDenoiser(ONE_GAUSSIAN, flow),
    target: 'velocity',
    condition: new Int32Array(COUNT).fill(0),
    noise,
    steps,
    sampler,
  }).then((paths) => ({ noise, paths }));
}

function largestError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

describe('sampleTrajectories over the exact Gaussian flow', () => {
  it('records every step: S + 1 frames from t = 1 to t = 0, starting at the noise', async () => {
    const { noise, paths } = await run('euler', 5);
    expect(paths.frames).toHaveLength(6);
    expect(paths.times[0]).toBe(1);
    expect(paths.times.at(-1)).toBe(0);
    expect(paths.times.map((t) => Number(t.toFixed(12)))).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0]);
    expect(Array.from(paths.frames[0]!)).toEqual(Array.from(noise));
    expect(paths.evaluations).toBe(5);
  });

  it('Euler with one step lands every point on E[x₀ | x₁] = μ: the collapse of too few steps', async () => {
    const { paths } = await run('euler', 1);
    const end = paths.frames.at(-1)!;
    for (let i = 0; i < end.length; i++) expect(end[i]).toBeCloseTo(MEAN[i % 2]!, 5);
  });

  it('Heun converges to the exact flow map μ + s·z at second order, Euler at first order', async () => {
    const endError = async (sampler: 'euler' | 'heun', steps: number) => {
      const { noise, paths } = await run(sampler, steps);
      return largestError(paths.frames.at(-1)!, exactEndPoints(noise));
    };
    const [heun20, heun40] = [await endError('heun', 20), await endError('heun', 40)];
    expect((await run('heun', 20)).paths.evaluations).toBe(39);
    expect(heun40).toBeLessThan(2e-3);
    expect(heun20 / heun40).toBeGreaterThan(3); // halving h divides a second-order error by ≈ 4
    const [euler20, euler80] = [await endError('euler', 20), await endError('euler', 80)];
    expect(euler20 / euler80).toBeGreaterThan(3); // a quarter of h: a first-order error ÷ ≈ 4 …
    expect(euler20 / euler80).toBeLessThan(6); // … not ÷ 16
    expect(euler20).toBeGreaterThan(5 * heun20);
  });

  it('guidance pushes samples of class 0 away from class 1 as w grows', async () => {
    const noise = startingNoise(flow, 64, 3);
    const samplesAt = async (scale: number) => {
      const { frames } = await sampleTrajectories({
        process: flow,
        model: withGuidance(mixtureDenoiser(TWO_CLASS_MIXTURE, flow), {
          scale,
          unconditional: new Int32Array(64).fill(2),
          stack: stackLabels,
        }),
        target: 'velocity',
        condition: new Int32Array(64).fill(0),
        noise,
        steps: 50,
        sampler: 'euler',
      });
      return frames.at(-1)!;
    };
    const otherCentre = TWO_CLASS_MIXTURE[1]!.mean;
    const [plain, guided, strong] = await Promise.all([samplesAt(1), samplesAt(3), samplesAt(6)]);
    const distances = [plain, guided, strong].map((samples) => meanDistanceFrom(samples, otherCentre));
    expect(distances[1]!).toBeGreaterThan(distances[0]! + 0.1);
    expect(distances[2]!).toBeGreaterThan(distances[1]! + 0.1);
    // Unguided (w = 1) samples are the class itself: mean distance from its centre ≈ s·√(π/2) ≈ 0.63.
    expect(meanDistanceFrom(plain, TWO_CLASS_MIXTURE[0]!.mean)).toBeGreaterThan(0.4);
    expect(meanDistanceFrom(plain, TWO_CLASS_MIXTURE[0]!.mean)).toBeLessThan(0.85);
  });
});

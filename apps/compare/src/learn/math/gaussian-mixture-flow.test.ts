import { stackLabels, withGuidance } from '@latentlab/samplers';
import { coefficientsAt, processByName } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import {
  componentPosteriorMeans,
  conditionalVelocity,
  type GaussianMixture,
  guidedVelocity,
  mixtureDenoiser,
  posteriorClassWeights,
  TWO_CLASS_MIXTURE,
  unconditionalVelocity,
} from './gaussian-mixture-flow.js';

const flow = processByName('rf');
const SAMPLES = 200_000;
const BATCH = 20_000;

/**
 * Self-normalised importance sampling of E[ε − x₀ | x_t] for rectified flow: x₀ drawn from the prior
 * (`drawClean`), weighted by the Gaussian likelihood N(x_t; (1 − t)·x₀, t²·I), ε = (x_t − (1 − t)·x₀)/t.
 * Draws in bounded batches. Returns the estimate and the effective sample size.
 */
function monteCarloVelocity(
  point: readonly [number, number],
  t: number,
  drawClean: (rng: ReturnType<typeof createRng>, count: number) => Float64Array,
  seed: number,
): { velocity: [number, number]; effectiveSamples: number } {
  const rng = createRng(seed);
  const [alpha, sigma] = [1 - t, t];
  let [weightSum, weightSquares, sumX, sumY] = [0, 0, 0, 0];
  for (let done = 0; done < SAMPLES; done += BATCH) {
    const clean = drawClean(rng, BATCH); // (BATCH, 2)
    for (let j = 0; j < BATCH; j++) {
      const [x0, y0] = [clean[2 * j]!, clean[2 * j + 1]!];
      const [ex, ey] = [(point[0] - alpha * x0) / sigma, (point[1] - alpha * y0) / sigma];
      const weight = Math.exp(-0.5 * (ex * ex + ey * ey));
      weightSum += weight;
      weightSquares += weight * weight;
      sumX += weight * (ex - x0);
      sumY += weight * (ey - y0);
    }
  }
  return {
    velocity: [sumX / weightSum, sumY / weightSum],
    effectiveSamples: (weightSum * weightSum) / weightSquares,
  };
}

/** x₀ ~ N(μ, s²I). */
function gaussianDraws(mean: readonly [number, number], std: number) {
  return (rng: ReturnType<typeof createRng>, count: number) => {
    const normals = rng.normal(2 * count);
    return Float64Array.from(normals, (z, i) => mean[i % 2]! + std * z);
  };
}

/** x₀ from the mixture: a class by its weight, then that class's Gaussian. */
function mixtureDraws(mixture: GaussianMixture) {
  return (rng: ReturnType<typeof createRng>, count: number) => {
    const pick = rng.uniform(count);
    const normals = rng.normal(2 * count);
    const draws = new Float64Array(2 * count);
    for (let j = 0; j < count; j++) {
      let k = 0;
      let cumulative = mixture[0]!.weight;
      while (pick[j]! > cumulative && k < mixture.length - 1) cumulative += mixture[++k]!.weight;
      const component = mixture[k]!;
      draws[2 * j] = component.mean[0] + component.std * normals[2 * j]!;
      draws[2 * j + 1] = component.mean[1] + component.std * normals[2 * j + 1]!;
    }
    return draws;
  };
}

describe('closed-form velocity of one Gaussian class', () => {
  const component = TWO_CLASS_MIXTURE[1]!;
  it.each([
    { point: [1.0, 0.2], t: 0.3 },
    { point: [0.2, -0.4], t: 0.6 },
    { point: [-0.5, 1.0], t: 0.9 },
    { point: [2.1, 0.9], t: 0.15 },
  ] as const)('matches a Monte-Carlo estimate of E[ε − x₀ | x_t] at x_t = $point, t = $t', ({ point, t }) => {
    const exact = conditionalVelocity(TWO_CLASS_MIXTURE, 1, point, coefficientsAt(flow, t));
    const estimate = monteCarloVelocity(point, t, gaussianDraws(component.mean, component.std), 17);
    expect(estimate.effectiveSamples).toBeGreaterThan(5_000);
    expect(Math.abs(exact[0]! - estimate.velocity[0])).toBeLessThan(0.03);
    expect(Math.abs(exact[1]! - estimate.velocity[1])).toBeLessThan(0.03);
  });

  it('knows the ends: at t = 1 the velocity is x₁ − μ, at t = 0 the clean estimate is x_t itself', () => {
    const point = [0.4, -0.7];
    const atNoise = conditionalVelocity(TWO_CLASS_MIXTURE, 0, point, coefficientsAt(flow, 1));
    expect(atNoise[0]).toBeCloseTo(0.4 - -1.5, 12);
    expect(atNoise[1]).toBeCloseTo(-0.7 - 0, 12);
    const atData = componentPosteriorMeans(TWO_CLASS_MIXTURE[0]!, point, coefficientsAt(flow, 0));
    expect(Array.from(atData.x0)).toEqual(point.map((value) => expect.closeTo(value, 12)));
    for (const value of atData.epsilon) expect(Math.abs(value)).toBe(0);
  });
});

/** Unequal weights and spreads, so the normalising constants of the classes matter. */
const UNEVEN_MIXTURE: GaussianMixture = [
  { mean: [0, 1], std: 0.3, weight: 0.3 },
  { mean: [1, -1], std: 1.2, weight: 0.7 },
];

describe('closed-form velocity of the mixture', () => {
  const points = [-1.2, 0.1, 0.3, 0.2, 1.7, 0.4, 0.0, -2.0, 3.0, 3.0]; // (5, 2)

  it.each([
    ['the two-class mixture', TWO_CLASS_MIXTURE],
    ['an uneven mixture', UNEVEN_MIXTURE],
  ] as const)('has posterior class weights that sum to 1 and follow Bayes’ rule for %s', (_, mixture) => {
    for (const t of [0.1, 0.5, 0.8]) {
      const coefficients = coefficientsAt(flow, t);
      const weights = posteriorClassWeights(mixture, points, coefficients);
      for (let n = 0; n < points.length / 2; n++) {
        expect(weights[2 * n]! + weights[2 * n + 1]!).toBeCloseTo(1, 12);
        // Bayes by hand: π_k · 1/(2πv) · exp(−|x − αμ_k|²/(2v)), v = α²s² + σ².
        const joint = mixture.map(({ mean, std, weight }) => {
          const variance = (1 - t) ** 2 * std ** 2 + t ** 2;
          const squared =
            (points[2 * n]! - (1 - t) * mean[0]) ** 2 + (points[2 * n + 1]! - (1 - t) * mean[1]) ** 2;
          return (weight * Math.exp(-squared / (2 * variance))) / (2 * Math.PI * variance);
        });
        expect(weights[2 * n]).toBeCloseTo(joint[0]! / (joint[0]! + joint[1]!), 12);
      }
    }
  });

  it('is the posterior-weighted combination of the class velocities', () => {
    const coefficients = coefficientsAt(flow, 0.4);
    const weights = posteriorClassWeights(TWO_CLASS_MIXTURE, points, coefficients);
    const [class0, class1] = [0, 1].map((k) =>
      conditionalVelocity(TWO_CLASS_MIXTURE, k, points, coefficients),
    );
    const mixture = unconditionalVelocity(TWO_CLASS_MIXTURE, points, coefficients);
    for (let i = 0; i < points.length; i++) {
      const n = i >> 1;
      expect(mixture[i]).toBeCloseTo(weights[2 * n]! * class0![i]! + weights[2 * n + 1]! * class1![i]!, 12);
    }
  });

  it.each([
    ['the two-class mixture', TWO_CLASS_MIXTURE, [0.1, 0.3], 0.45],
    ['an uneven mixture', UNEVEN_MIXTURE, [0.4, 0.2], 0.35],
  ] as const)('matches a Monte-Carlo estimate over %s', (_, mixture, point, t) => {
    const exact = unconditionalVelocity(mixture, point, coefficientsAt(flow, t));
    const estimate = monteCarloVelocity(point, t, mixtureDraws(mixture), 23);
    expect(estimate.effectiveSamples).toBeGreaterThan(5_000);
    expect(Math.abs(exact[0]! - estimate.velocity[0])).toBeLessThan(0.03);
    expect(Math.abs(exact[1]! - estimate.velocity[1])).toBeLessThan(0.03);
  });

  it('gives the class field at w = 1, the unconditional field at w = 0, and extrapolates linearly beyond', () => {
    const coefficients = coefficientsAt(flow, 0.6);
    const conditional = conditionalVelocity(TWO_CLASS_MIXTURE, 0, points, coefficients);
    const unconditional = unconditionalVelocity(TWO_CLASS_MIXTURE, points, coefficients);
    const atOne = guidedVelocity(TWO_CLASS_MIXTURE, 0, points, coefficients, 1);
    const atZero = guidedVelocity(TWO_CLASS_MIXTURE, 0, points, coefficients, 0);
    const atFour = guidedVelocity(TWO_CLASS_MIXTURE, 0, points, coefficients, 4);
    for (let i = 0; i < points.length; i++) {
      expect(atOne[i]).toBeCloseTo(conditional[i]!, 12);
      expect(atZero[i]).toBeCloseTo(unconditional[i]!, 12);
      expect(atFour[i]).toBeCloseTo(4 * conditional[i]! - 3 * unconditional[i]!, 12);
    }
    // The two fields really differ here, or the checks above would prove nothing.
    expect(Math.max(...conditional.map((value, i) => Math.abs(value - unconditional[i]!)))).toBeGreaterThan(
      0.1,
    );
  });

  it('as a sampler model: labels pick the class, the null class the mixture, and withGuidance gives the guided field', async () => {
    const model = mixtureDenoiser(TWO_CLASS_MIXTURE, flow);
    const x = Float32Array.from(points);
    const t = 0.7;
    const coefficients = coefficientsAt(flow, t);
    const labels = Int32Array.from([0, 1, 2, 0, 2]);
    const output = await model({ x, shape: [5, 2], t, condition: labels });
    const expected = [
      conditionalVelocity(TWO_CLASS_MIXTURE, 0, x, coefficients),
      conditionalVelocity(TWO_CLASS_MIXTURE, 1, x, coefficients),
      unconditionalVelocity(TWO_CLASS_MIXTURE, x, coefficients),
    ];
    labels.forEach((label, n) => {
      expect(output[2 * n]).toBeCloseTo(expected[label]![2 * n]!, 5);
      expect(output[2 * n + 1]).toBeCloseTo(expected[label]![2 * n + 1]!, 5);
    });
    const guided = withGuidance(model, {
      scale: 3,
      unconditional: new Int32Array(5).fill(2),
      stack: stackLabels,
    });
    const guidedOutput = await guided({ x, shape: [5, 2], t, condition: new Int32Array(5).fill(1) });
    const guidedExpected = guidedVelocity(TWO_CLASS_MIXTURE, 1, x, coefficients, 3);
    for (const [i, value] of guidedOutput.entries()) expect(value).toBeCloseTo(guidedExpected[i]!, 4);
    await expect(model({ x, shape: [5, 2], t, condition: Int32Array.from([0, 1, 3, 0, 0]) })).rejects.toThrow(
      /label 3/,
    );
  });
});

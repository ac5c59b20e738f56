import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { coefficientsAt } from './coefficients.js';
import {
  convertPrediction,
  noisySample,
  PredictionConversionError,
  predictionToX0AndEpsilon,
  scoreFromEpsilon,
  x0AndEpsilonToPrediction,
} from './conversions.js';
import { PREDICTION_TARGETS } from './prediction.js';
import type { NoiseProcess } from './process.js';
import { processByName } from './processes/process-by-name.js';
import { rectifiedFlow } from './processes/rectified-flow.js';
import { vpDiscrete } from './processes/vp-discrete.js';
import { vpLinear } from './processes/vp-linear.js';
import { testProcessCases, timesAt } from './test-support/processes.js';

const SIZE = 64;
const rng = createRng(7);
const cleanSample = Float64Array.from(rng.normal(SIZE));
const noise = Float64Array.from(rng.normal(SIZE));

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

/** Times near both ends and inside, where every target is well defined (σ' is finite, α > 0). */
function roundTripTimes(process: NoiseProcess): number[] {
  return timesAt(process, [1e-6, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-3, 1 - 1e-6]);
}

describe.each(testProcessCases())('round trips for $label', ({ process }) => {
  it('x₀/ε → every target → x₀/ε is exact to 1e-6 in float64', () => {
    for (const t of roundTripTimes(process)) {
      const coefficients = coefficientsAt(process, t);
      const xt = noisySample(cleanSample, noise, coefficients);
      for (const target of PREDICTION_TARGETS) {
        const prediction = x0AndEpsilonToPrediction(cleanSample, noise, target, coefficients);
        const { x0, epsilon } = predictionToX0AndEpsilon(prediction, target, xt, coefficients);
        expect(x0).toBeInstanceOf(Float64Array);
        expect(maxAbsDifference(x0, cleanSample), `${target} at t = ${t}: x0`).toBeLessThan(1e-6);
        expect(maxAbsDifference(epsilon, noise), `${target} at t = ${t}: ε`).toBeLessThan(1e-6);
      }
    }
  });

  it('converts every target to every other consistently', () => {
    for (const t of timesAt(process, [0.01, 0.5, 0.99])) {
      const coefficients = coefficientsAt(process, t);
      const xt = noisySample(cleanSample, noise, coefficients);
      for (const from of PREDICTION_TARGETS) {
        const prediction = x0AndEpsilonToPrediction(cleanSample, noise, from, coefficients);
        for (const to of PREDICTION_TARGETS) {
          const converted = convertPrediction(prediction, from, to, xt, coefficients);
          const direct = x0AndEpsilonToPrediction(cleanSample, noise, to, coefficients);
          const scale = Math.max(1, ...Array.from(direct, Math.abs));
          expect(maxAbsDifference(converted, direct) / scale, `${from} → ${to} at t = ${t}`).toBeLessThan(
            1e-9,
          );
        }
      }
    }
  });

  it('round trips in float32 too (looser bound), returning Float32Array', () => {
    const clean32 = Float32Array.from(cleanSample);
    const noise32 = Float32Array.from(noise);
    for (const t of timesAt(process, [0.05, 0.5, 0.95])) {
      const coefficients = coefficientsAt(process, t);
      const xt = noisySample(clean32, noise32, coefficients);
      expect(xt).toBeInstanceOf(Float32Array);
      for (const target of PREDICTION_TARGETS) {
        const prediction = x0AndEpsilonToPrediction(clean32, noise32, target, coefficients);
        expect(prediction).toBeInstanceOf(Float32Array);
        const { x0, epsilon } = predictionToX0AndEpsilon(prediction, target, xt, coefficients);
        expect(x0).toBeInstanceOf(Float32Array);
        expect(epsilon).toBeInstanceOf(Float32Array);
        // float32 rounding of x_t and of the prediction, amplified by 1/α or 1/σ for the ε/x₀ targets.
        const amplification = Math.max(1, 1 / coefficients.alpha, 1 / coefficients.sigma) * Math.max(1, t);
        const bound = 1e-5 * amplification;
        expect(maxAbsDifference(x0, clean32), `${target} at t = ${t}: x0`).toBeLessThan(bound);
        expect(maxAbsDifference(epsilon, noise32), `${target} at t = ${t}: ε`).toBeLessThan(bound);
      }
    }
  });
});

describe('conversion formulas', () => {
  it('gives the rectified-flow velocity u = ε − x₀ and the VP v = αε − σx₀', () => {
    const flow = rectifiedFlow();
    const velocity = x0AndEpsilonToPrediction(cleanSample, noise, 'velocity', coefficientsAt(flow, 0.3));
    for (let i = 0; i < SIZE; i++) expect(velocity[i]).toBeCloseTo(noise[i]! - cleanSample[i]!, 14);

    const process = vpLinear();
    const coefficients = coefficientsAt(process, 0.4);
    const v = x0AndEpsilonToPrediction(cleanSample, noise, 'v', coefficients);
    for (let i = 0; i < SIZE; i++) {
      expect(v[i]).toBeCloseTo(coefficients.alpha * noise[i]! - coefficients.sigma * cleanSample[i]!, 14);
    }
  });

  it('gives the EDM flow dx/dσ = ε = (x − D)/σ (Karras et al. 2022, eq. 3 with σ(t) = t)', () => {
    const process = processByName('edm');
    const coefficients = coefficientsAt(process, 2.5);
    const xt = noisySample(cleanSample, noise, coefficients);
    const velocity = x0AndEpsilonToPrediction(cleanSample, noise, 'velocity', coefficients);
    for (let i = 0; i < SIZE; i++) expect(velocity[i]).toBeCloseTo((xt[i]! - cleanSample[i]!) / 2.5, 12);
  });
});

describe('degenerate ends', () => {
  const flow = rectifiedFlow();

  it('at σ = 0: an x₀ prediction gives ε = 0, an ε prediction gives x₀ = x_t/α', () => {
    const coefficients = coefficientsAt(flow, 0);
    const xt = noisySample(cleanSample, noise, coefficients);
    const fromX0 = predictionToX0AndEpsilon(cleanSample, 'x0', xt, coefficients);
    expect(Array.from(fromX0.epsilon).every((value) => value === 0)).toBe(true);
    expect(fromX0.x0).toEqual(cleanSample);
    const fromEpsilon = predictionToX0AndEpsilon(noise, 'epsilon', xt, coefficients);
    expect(fromEpsilon.x0).toEqual(xt);
    // v and velocity stay regular at σ = 0.
    for (const target of ['v', 'velocity'] as const) {
      const prediction = x0AndEpsilonToPrediction(cleanSample, noise, target, coefficients);
      expect(
        maxAbsDifference(predictionToX0AndEpsilon(prediction, target, xt, coefficients).x0, cleanSample),
      ).toBe(0);
    }
  });

  it('at α = 0: an x₀ prediction gives ε = x_t/σ; an ε prediction throws; v and velocity recover x₀', () => {
    for (const [process, t] of [
      [flow, 1],
      [vpDiscrete({ schedule: 'linear', zeroTerminalSnr: true }), 999],
    ] as const) {
      const coefficients = coefficientsAt(process, t);
      expect(coefficients.alpha).toBe(0);
      const xt = noisySample(cleanSample, noise, coefficients);
      expect(predictionToX0AndEpsilon(cleanSample, 'x0', xt, coefficients).epsilon).toEqual(xt);
      expect(() => predictionToX0AndEpsilon(noise, 'epsilon', xt, coefficients)).toThrow(
        PredictionConversionError,
      );
      for (const target of ['v', 'velocity'] as const) {
        const prediction = x0AndEpsilonToPrediction(cleanSample, noise, target, coefficients);
        const { x0, epsilon } = predictionToX0AndEpsilon(prediction, target, xt, coefficients);
        expect(maxAbsDifference(x0, cleanSample)).toBeLessThan(1e-12);
        expect(maxAbsDifference(epsilon, noise)).toBeLessThan(1e-12);
      }
    }
  });

  it('rejects a velocity where σ′ is infinite (VP at t = 0)', () => {
    const coefficients = coefficientsAt(vpLinear(), 0);
    expect(coefficients.sigmaDerivative).toBe(Number.POSITIVE_INFINITY);
    const xt = noisySample(cleanSample, noise, coefficients);
    expect(() => predictionToX0AndEpsilon(noise, 'velocity', xt, coefficients)).toThrow(
      PredictionConversionError,
    );
    expect(() => x0AndEpsilonToPrediction(cleanSample, noise, 'velocity', coefficients)).toThrow(
      PredictionConversionError,
    );
    // x₀, ε and v are still fine there.
    const v = x0AndEpsilonToPrediction(cleanSample, noise, 'v', coefficients);
    expect(maxAbsDifference(predictionToX0AndEpsilon(v, 'v', xt, coefficients).x0, cleanSample)).toBeLessThan(
      1e-15,
    );
  });

  it('rejects mismatched lengths, negative scales and unknown targets', () => {
    const coefficients = coefficientsAt(flow, 0.5);
    expect(() =>
      predictionToX0AndEpsilon(new Float64Array(3), 'v', new Float64Array(4), coefficients),
    ).toThrow(/prediction has 3, xt has 4/);
    expect(() =>
      predictionToX0AndEpsilon(new Float64Array(2), 'v', new Float64Array(2), { ...coefficients, sigma: -1 }),
    ).toThrow(RangeError);
    expect(() =>
      predictionToX0AndEpsilon(new Float64Array(2), 'score' as never, new Float64Array(2), coefficients),
    ).toThrow(/unknown prediction target 'score'/);
  });
});

describe('scoreFromEpsilon', () => {
  it('is −ε/σ, the gradient of log N(x_t; αx₀, σ²I)', () => {
    const coefficients = coefficientsAt(vpLinear(), 0.3);
    const xt = noisySample(cleanSample, noise, coefficients);
    const score = scoreFromEpsilon(noise, coefficients.sigma);
    for (let i = 0; i < SIZE; i++) {
      const gaussianScore = -(xt[i]! - coefficients.alpha * cleanSample[i]!) / coefficients.sigma ** 2;
      expect(score[i]).toBeCloseTo(gaussianScore, 10);
    }
    expect(scoreFromEpsilon(Float32Array.of(1, -2), 2)).toEqual(Float32Array.of(-0.5, 1));
    expect(() => scoreFromEpsilon(noise, 0)).toThrow(RangeError);
  });
});

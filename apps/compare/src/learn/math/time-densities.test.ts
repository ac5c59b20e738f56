import { logitNormalTimes, shiftTime, uniformTimes } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { densityHistogram } from './histogram.js';
import {
  logitNormalTimeDensity,
  shiftedTimeDensity,
  type TimeDensity,
  uniformTimeDensity,
} from './time-densities.js';

/** ∫₀¹ π(t) dt by the midpoint rule on `cells` cells of [low, high]. */
function integrate(density: TimeDensity, low = 0, high = 1, cells = 200_000): number {
  const width = (high - low) / cells;
  let total = 0;
  for (let i = 0; i < cells; i++) total += density(low + (i + 0.5) * width);
  return total * width;
}

/** ∫₀¹ π(t) dt through u = logit(t) (dt = t(1 − t) du), Simpson on u ∈ [−40, 40]: exact near both ends. */
function integrateInLogit(density: TimeDensity): number {
  const [low, high, intervals] = [-40, 40, 40_000];
  const width = (high - low) / intervals;
  let total = 0;
  for (let i = 0; i <= intervals; i++) {
    const t = 1 / (1 + Math.exp(-(low + i * width)));
    const value = density(t) * t * (1 - t);
    total += value * (i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (total * width) / 3;
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const polynomial =
    k * (0.254829592 + k * (-0.284496736 + k * (1.421413741 + k * (-1.453152027 + k * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const LOGIT_NORMAL_PARAMETERS = [
  { mean: 0, std: 1 },
  { mean: 1.2, std: 0.4 },
  { mean: -2, std: 2.5 },
];

describe('training-time densities', () => {
  it('uniform and logit-normal(m, s) each integrate to 1', () => {
    expect(integrate(uniformTimeDensity)).toBeCloseTo(1, 9);
    for (const { mean, std } of LOGIT_NORMAL_PARAMETERS) {
      expect(integrateInLogit(logitNormalTimeDensity(mean, std))).toBeCloseTo(1, 6);
      expect(integrate(logitNormalTimeDensity(mean, std))).toBeCloseTo(1, 3);
    }
  });

  it('shifted densities integrate to 1 for every base and shift', () => {
    for (const shift of [1, 1.7, 3, 8]) {
      expect(integrate(shiftedTimeDensity(uniformTimeDensity, shift))).toBeCloseTo(1, 6);
      for (const { mean, std } of LOGIT_NORMAL_PARAMETERS) {
        expect(integrateInLogit(shiftedTimeDensity(logitNormalTimeDensity(mean, std), shift))).toBeCloseTo(
          1,
          6,
        );
      }
    }
  });

  it('logit-normal has the CDF Φ((logit x − m)/s)', () => {
    for (const { mean, std } of LOGIT_NORMAL_PARAMETERS) {
      for (const x of [0.1, 0.35, 0.5, 0.8]) {
        const cdf = integrate(logitNormalTimeDensity(mean, std), 0, x, 100_000);
        expect(cdf).toBeCloseTo(normalCdf((Math.log(x / (1 - x)) - mean) / std), 4);
      }
    }
  });

  it('the shifted logit-normal has the CDF of the transformed variable: P(shift(T) ≤ x) = P(T ≤ shift⁻¹(x))', () => {
    const [mean, std, shift] = [0.3, 0.9, 3];
    const shifted = shiftedTimeDensity(logitNormalTimeDensity(mean, std), shift);
    for (const x of [0.2, 0.5, 0.75, 0.95]) {
      // shift⁻¹(x) solved by hand: x = s·t/(1 + (s − 1)t)  ⇔  t = x/(s − (s − 1)x).
      const original = x / (shift - (shift - 1) * x);
      const cdf = integrate(shifted, 0, x, 100_000);
      expect(cdf).toBeCloseTo(normalCdf((Math.log(original / (1 - original)) - mean) / std), 4);
    }
  });

  it.each([
    { base: 'uniform', shift: 3 },
    { base: 'logit-normal', shift: 3 },
    { base: 'logit-normal', shift: 1.5 },
  ] as const)('matches a histogram of shiftTime applied to $base draws (shift $shift)', ({ base, shift }) => {
    const count = 200_000;
    const bins = 40;
    const rng = createRng(31);
    const draws =
      base === 'uniform' ? uniformTimes(rng, count) : logitNormalTimes(rng, count, { mean: 0, std: 1 });
    const histogram = densityHistogram(
      draws.map((t) => shiftTime(t, shift)),
      bins,
      0,
      1,
    );
    const density = shiftedTimeDensity(
      base === 'uniform' ? uniformTimeDensity : logitNormalTimeDensity(0, 1),
      shift,
    );
    for (let bin = 0; bin < bins; bin++) {
      const [low, high] = [bin / bins, (bin + 1) / bins];
      const probability = integrate(density, low, high, 2_000); // P(bin)
      const expected = probability * bins;
      // Five binomial standard errors of the bin's density, plus a little room.
      const tolerance = 5 * Math.sqrt((probability * (1 - probability)) / count) * bins + 1e-3;
      expect(Math.abs(histogram[bin]! - expected)).toBeLessThan(tolerance);
    }
  });

  it('shift 1 is the identity, and a larger shift moves mass towards t = 1', () => {
    const base = logitNormalTimeDensity(0, 1);
    const identity = shiftedTimeDensity(base, 1);
    for (const t of [0.05, 0.3, 0.6, 0.97]) expect(identity(t)).toBeCloseTo(base(t), 12);
    const meanOf = (density: TimeDensity) => integrate((t) => t * density(t));
    expect(meanOf(base)).toBeCloseTo(0.5, 6);
    expect(meanOf(shiftedTimeDensity(base, 3))).toBeGreaterThan(0.65);
  });

  it('rejects parameters with no density', () => {
    expect(() => logitNormalTimeDensity(0, 0)).toThrow(RangeError);
    expect(() => shiftedTimeDensity(uniformTimeDensity, 0)).toThrow(RangeError);
  });
});

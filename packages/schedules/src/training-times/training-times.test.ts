import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { sigmoid } from '../numerics.js';
import { rectifiedFlow } from '../processes/rectified-flow.js';
import {
  kolmogorovSmirnovBound,
  kolmogorovSmirnovDistance,
  mean,
  normalCdf,
  quantile,
  standardDeviation,
} from '../test-support/statistics.js';
import { cosmapTimes } from './cosmap.js';
import { edmLogNormalSigmas } from './edm-log-normal.js';
import { logitNormalTimes } from './logit-normal.js';
import { MODE_SCALE_MAX, modeTimes, modeTransform } from './mode-heavy-tails.js';
import { shiftForSequenceLength } from './sequence-length-shift.js';
import { shiftTime } from './time-shift.js';
import { uniformTimes, uniformTimesteps } from './uniform.js';

const N = 20_000;
const KS_BOUND = kolmogorovSmirnovBound(N);
const logit = (p: number) => Math.log(p / (1 - p));

/** Smallest and largest value (and no NaN). */
function range(values: Float64Array): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nanCount = 0;
  for (const value of values) {
    if (Number.isNaN(value)) nanCount++;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  expect(nanCount).toBe(0);
  return { min, max };
}

function expectInUnitInterval(times: Float64Array, { open }: { open: boolean }): void {
  const { min, max } = range(times);
  if (open) {
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  } else {
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
  }
}

describe('uniformTimes', () => {
  it('is U(0, 1): KS distance to F(x) = x, mean ½, variance 1/12, values in (0, 1)', () => {
    const times = uniformTimes(createRng(1), N);
    expect(times).toBeInstanceOf(Float64Array);
    expect(times.length).toBe(N);
    expectInUnitInterval(times, { open: true });
    expect(kolmogorovSmirnovDistance(times, (x) => x)).toBeLessThan(KS_BOUND);
    expect(mean(times)).toBeCloseTo(0.5, 2);
    expect(standardDeviation(times) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it('draws integer timesteps uniformly on {0, …, steps − 1} (chi-square)', () => {
    const steps = 10;
    const timesteps = uniformTimesteps(createRng(2), N, steps);
    const counts = new Array<number>(steps).fill(0);
    for (const t of timesteps) counts[t]! += 1;
    expect(timesteps.every((t) => Number.isInteger(t) && t >= 0 && t < steps)).toBe(true);
    const expected = N / steps;
    const chiSquare = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88); // χ²(9) at p = 0.001
    expect(() => uniformTimesteps(createRng(2), 1, 0)).toThrow(RangeError);
  });
});

describe('logitNormalTimes (SD3 §3.1)', () => {
  it.each([
    { mean: 0, std: 1 },
    { mean: 0.5, std: 0.8 },
    { mean: -1, std: 1.5 },
  ])('matches the logit-normal CDF Φ((logit x − m)/s) for m = $mean, s = $std', ({ mean: location, std }) => {
    const times = logitNormalTimes(createRng(3), N, { mean: location, std });
    expectInUnitInterval(times, { open: true });
    expect(kolmogorovSmirnovDistance(times, (x) => normalCdf((logit(x) - location) / std))).toBeLessThan(
      KS_BOUND,
    );
    // The median is sigmoid(m) (standard error ≈ 1/(2·density·√N) < 0.005 here).
    expect(Math.abs(quantile(times, 0.5) - sigmoid(location))).toBeLessThan(0.01);
    // logit(t) has mean m and standard deviation s.
    const logits = times.map(logit);
    expect(mean(logits)).toBeCloseTo(location, 1);
    expect(standardDeviation(logits)).toBeCloseTo(std, 1);
  });

  it('rejects a non-positive std', () => {
    expect(() => logitNormalTimes(createRng(3), 1, { std: 0 })).toThrow(RangeError);
  });
});

describe('modeTimes (SD3 §3.1, mode sampling with heavy tails)', () => {
  /** P(t ≤ x) = 1 − f⁻¹(x), f decreasing: invert by bisection. */
  function modeCdf(x: number, scale: number): number {
    let low = 0;
    let high = 1;
    for (let iteration = 0; iteration < 60; iteration++) {
      const middle = 0.5 * (low + high);
      if (modeTransform(middle, scale) > x) low = middle;
      else high = middle;
    }
    return 1 - 0.5 * (low + high);
  }

  it('has f_mode(0) = 1, f_mode(1) = 0 and is the identity map t = 1 − u at s = 0', () => {
    expect(modeTransform(0, 1.29)).toBe(1);
    expect(modeTransform(1, 1.29)).toBeCloseTo(0, 15);
    expect(modeTransform(0.3, 0)).toBeCloseTo(0.7, 15);
  });

  it.each([1.29, 0, -0.5])('matches its exact CDF for s = %s, symmetric around ½', (scale) => {
    const times = modeTimes(createRng(4), N, { scale });
    expectInUnitInterval(times, { open: false });
    expect(kolmogorovSmirnovDistance(times, (x) => modeCdf(x, scale))).toBeLessThan(KS_BOUND);
    // f_mode(1 − u) = 1 − f_mode(u), so the distribution is symmetric: mean and median ½.
    expect(mean(times)).toBeCloseTo(0.5, 2);
    expect(quantile(times, 0.5)).toBeCloseTo(0.5, 1);
  });

  it('concentrates mass in the middle for s = 1.29 (interquartile range below the uniform ½)', () => {
    const times = modeTimes(createRng(5), N);
    const interquartile = quantile(times, 0.75) - quantile(times, 0.25);
    expect(interquartile).toBeLessThan(0.5);
    expect(interquartile).toBeCloseTo(modeCdfInverseRange(1.29), 2);
  });

  /** The exact interquartile range: f(¼) − f(¾). */
  function modeCdfInverseRange(scale: number): number {
    return modeTransform(0.25, scale) - modeTransform(0.75, scale);
  }

  it('rejects scales for which f_mode is not monotone', () => {
    expect(() => modeTimes(createRng(5), 1, { scale: MODE_SCALE_MAX + 0.01 })).toThrow(/scale/);
    expect(() => modeTimes(createRng(5), 1, { scale: -1.5 })).toThrow(RangeError);
  });
});

describe('cosmapTimes (SD3 §3.1, CosMap)', () => {
  it('matches the CDF (2/π)·atan(x/(1 − x)), symmetric around ½, values in [0, 1)', () => {
    const times = cosmapTimes(createRng(6), N);
    const { min, max } = range(times);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(kolmogorovSmirnovDistance(times, (x) => (2 / Math.PI) * Math.atan(x / (1 - x)))).toBeLessThan(
      KS_BOUND,
    );
    expect(mean(times)).toBeCloseTo(0.5, 2);
  });

  it('gives rectified flow the cosine schedule’s log-SNR: λ_RF(f(u)) = log(cot(π/2·u)) = λ_cos(u)', () => {
    // For α = cos(π/2·u), σ = sin(π/2·u): λ = log(cot(π/2·u)); and 1 − f(u) = 1/(tan + 1), f(u) = tan/(tan + 1).
    const flow = rectifiedFlow();
    for (const u of [0.1, 0.3, 0.5, 0.8]) {
      const t = 1 - 1 / (Math.tan((Math.PI / 2) * u) + 1);
      expect(flow.logSnr(t)).toBeCloseTo(Math.log(1 / Math.tan((Math.PI / 2) * u)), 12);
    }
  });
});

describe('edmLogNormalSigmas (Karras et al. 2022, Table 1)', () => {
  it('has ln σ ~ N(−1.2, 1.2²): KS against the log-normal CDF, median e^(−1.2)', () => {
    const sigmas = edmLogNormalSigmas(createRng(7), N);
    expect(range(sigmas).min).toBeGreaterThan(0);
    expect(kolmogorovSmirnovDistance(sigmas, (x) => normalCdf((Math.log(x) + 1.2) / 1.2))).toBeLessThan(
      KS_BOUND,
    );
    expect(quantile(sigmas, 0.5) / Math.exp(-1.2)).toBeCloseTo(1, 1);
    const logs = sigmas.map(Math.log);
    expect(mean(logs)).toBeCloseTo(-1.2, 1);
    expect(standardDeviation(logs)).toBeCloseTo(1.2, 1);
  });

  it('takes other parameters', () => {
    const sigmas = edmLogNormalSigmas(createRng(8), N, { mean: 0.5, std: 0.3 });
    expect(kolmogorovSmirnovDistance(sigmas, (x) => normalCdf((Math.log(x) - 0.5) / 0.3))).toBeLessThan(
      KS_BOUND,
    );
  });
});

describe('shiftTime (SD3 §5.3.2)', () => {
  it('fixes 0 and 1, is the identity at shift 1, and moves times towards noise for shift > 1', () => {
    for (const shift of [0.5, 1, 3]) {
      expect(shiftTime(0, shift)).toBe(0);
      expect(shiftTime(1, shift)).toBe(1);
    }
    expect(shiftTime(0.3, 1)).toBe(0.3);
    expect(shiftTime(0.3, 3)).toBeGreaterThan(0.3);
    expect(shiftTime(0.3, 3)).toBeCloseTo(0.9 / 1.6, 15);
  });

  it('shifts the rectified-flow log-SNR by −log(shift)', () => {
    const flow = rectifiedFlow();
    for (const t of [0.01, 0.2, 0.5, 0.9]) {
      expect(flow.logSnr(shiftTime(t, 3))).toBeCloseTo(flow.logSnr(t) - Math.log(3), 12);
    }
  });

  it('equals FLUX/diffusers time_shift(μ, 1, t) = e^μ/(e^μ + (1/t − 1)) with shift = e^μ', () => {
    for (const mu of [-0.3, 0.5, 1.15, 2]) {
      for (const t of [1e-6, 0.1, 0.5, 0.77, 1]) {
        const fluxShift = Math.exp(mu) / (Math.exp(mu) + (1 / t - 1));
        expect(shiftTime(t, Math.exp(mu))).toBeCloseTo(fluxShift, 14);
      }
    }
  });

  it('rejects non-positive shifts', () => {
    expect(() => shiftTime(0.5, 0)).toThrow(RangeError);
  });
});

describe('shiftForSequenceLength (FLUX)', () => {
  it('is e^μ with μ linear in the token count: 0.5 at 256 tokens, 1.15 at 4096', () => {
    expect(shiftForSequenceLength(256)).toBeCloseTo(Math.exp(0.5), 14);
    expect(shiftForSequenceLength(4096)).toBeCloseTo(Math.exp(1.15), 14);
    expect(Math.log(shiftForSequenceLength(2176))).toBeCloseTo(0.825, 14); // midpoint
    // Extrapolated linearly outside [256, 4096], like FLUX's get_lin_function.
    expect(Math.log(shiftForSequenceLength(0))).toBeCloseTo(0.5 - (0.65 / 3840) * 256, 14);
    // A 28×28 image with 4×4 patches: 49 tokens.
    expect(Math.log(shiftForSequenceLength(49))).toBeCloseTo(0.5 + (0.65 / 3840) * (49 - 256), 14);
  });

  it('takes other anchors (diffusers calculate_shift defaults end at max_shift = 1.16)', () => {
    const shift = shiftForSequenceLength(4096, { maxShift: 1.16 });
    expect(Math.log(shift)).toBeCloseTo(1.16, 14);
    expect(() => shiftForSequenceLength(100, { baseTokens: 10, maxTokens: 10 })).toThrow(RangeError);
    expect(() => shiftForSequenceLength(-1)).toThrow(RangeError);
  });
});

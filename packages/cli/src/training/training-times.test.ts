import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { sampleTrainingTimes } from './training-times.js';

const fractionAbove = (times: Float32Array, threshold: number) =>
  times.reduce((count, t) => count + (t > threshold ? 1 : 0), 0) / times.length;

describe('sampleTrainingTimes', () => {
  const count = 40_000;
  const sample = (timeDistribution: 'logit-normal' | 'uniform', timeStd = 1) =>
    sampleTrainingTimes(createRng(5), count, { timeDistribution, timeMean: 0, timeStd });

  it('uniform puts 5% of the times above 0.95; logit-normal(0, 1) almost none', () => {
    // Standard errors: √(0.05·0.95/40000) ≈ 0.0011. Logit-normal: P(z > logit(0.95) = 2.944) = 0.00162.
    expect(fractionAbove(sample('uniform'), 0.95)).toBeCloseTo(0.05, 2);
    expect(fractionAbove(sample('logit-normal'), 0.95)).toBeLessThan(0.004);
  });

  it('logit-normal times are sigmoid(m + s·z): the median is sigmoid(m) = 0.5 and the spread follows s', () => {
    const wide = Float64Array.from(sample('logit-normal', 2)).sort();
    expect(wide[count / 2]).toBeCloseTo(0.5, 1);
    // P(t > 0.95) = P(z > 2.944 / 2) = 0.0705
    expect(fractionAbove(Float32Array.from(wide), 0.95)).toBeCloseTo(0.0705, 2);
  });
});

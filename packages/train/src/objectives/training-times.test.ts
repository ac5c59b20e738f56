import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { trainingTimesByName } from './training-times.js';

const fractionAbove = (times: Float32Array, threshold: number) =>
  times.reduce((count, t) => count + (t > threshold ? 1 : 0), 0) / times.length;

describe('trainingTimesByName', () => {
  const count = 40_000;
  const sample = (timeDistribution: 'logit-normal' | 'uniform', timeStd = 1) =>
    trainingTimesByName(timeDistribution, { mean: 0, std: timeStd }).sample(createRng(5), count);

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

  it('edm-log-normal draws σ with ln σ ~ N(−1.2, 1.2²) by default (Karras et al. 2022, Table 1)', () => {
    const sigmas = trainingTimesByName('edm-log-normal').sample(createRng(6), count);
    const logs = Array.from(sigmas, Math.log);
    const mean = logs.reduce((sum, value) => sum + value, 0) / count;
    const variance = logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / count;
    expect(mean).toBeCloseTo(-1.2, 1); // standard error 1.2/√40000 = 0.006
    expect(Math.sqrt(variance)).toBeCloseTo(1.2, 1);
  });

  it('names an unknown distribution and lists the known ones', () => {
    expect(() => trainingTimesByName('gaussian' as 'uniform')).toThrow(
      "unknown time distribution 'gaussian'; expected one of logit-normal, uniform, mode, cosmap, edm-log-normal",
    );
  });
});

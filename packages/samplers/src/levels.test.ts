import { edm, rectifiedFlow, vpDiscrete } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { karrasSigmas, samplingLevels } from './levels.js';

describe('karrasSigmas', () => {
  it('matches Karras et al. 2022 eq. 5 for (σ_min 0.002, σ_max 80, ρ 7, 10 steps)', () => {
    // Reference: eq. 5 evaluated independently in Python 3.11 float64:
    //   a, b = 80 ** (1/7), 0.002 ** (1/7); [(a + i/9 * (b - a)) ** 7 for i in range(10)]
    const expected = [
      80.0, 42.41518931851267, 21.10867673619376, 9.723201355260132, 4.066123602953759, 1.501741979068008,
      0.46997905799774714, 0.1166385635251784, 0.020435334553438746, 0.002000000000000003,
    ];
    const actual = karrasSigmas(0.002, 80, 10, 7);
    for (const [i, value] of expected.entries()) expect(actual[i]).toBeCloseTo(value, 12);
  });
});

describe('samplingLevels', () => {
  it('linspace on rectified flow: N + 1 levels from pure noise (α = 0) to data (σ = 0)', () => {
    const levels = samplingLevels(rectifiedFlow(), { steps: 4 });
    expect(levels.map((level) => level.t)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(levels[0]).toMatchObject({ alpha: 0, sigma: 1 });
    expect(levels.at(-1)).toMatchObject({ alpha: 1, sigma: 0 });
  });

  it('applies the SD3 shift to linspace times', () => {
    const levels = samplingLevels(rectifiedFlow(), { steps: 2, shift: 3 });
    expect(levels[1]!.t).toBeCloseTo((3 * 0.5) / (1 + 2 * 0.5), 12);
  });

  it('karras on EDM: σ_max … σ_min and a final step to σ = 0', () => {
    const levels = samplingLevels(edm(), { steps: 10, spacing: 'karras' });
    expect(levels).toHaveLength(11);
    expect(levels[1]!.sigma).toBeCloseTo(42.41518931851267, 9);
    expect(levels[9]!.sigma).toBeCloseTo(0.002, 12);
    expect(levels[10]).toMatchObject({ alpha: 1, sigma: 0 });
  });

  it('trailing and leading on a 1000-step DDPM table (Lin et al. 2024, Table 2)', () => {
    const table = vpDiscrete({ schedule: 'linear' });
    const trailing = samplingLevels(table, { steps: 10, spacing: 'trailing' }).map((level) => level.t);
    expect(trailing).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99, 99]);
    const leading = samplingLevels(table, { steps: 10, spacing: 'leading', offset: 1 }).map(
      (level) => level.t,
    );
    expect(leading).toEqual([901, 801, 701, 601, 501, 401, 301, 201, 101, 1, 1]);
    expect(samplingLevels(table, { steps: 10, spacing: 'trailing' }).at(-1)).toMatchObject({
      alpha: 1,
      sigma: 0,
    });
  });

  it('rejects what it cannot do, saying why', () => {
    expect(() => samplingLevels(rectifiedFlow(), { steps: 0 })).toThrow(/steps must be a positive integer/);
    expect(() => samplingLevels(rectifiedFlow(), { steps: 10, spacing: 'karras' })).toThrow(
      /karras spacing needs finite/,
    );
    expect(() => samplingLevels(rectifiedFlow(), { steps: 10, tStart: 2 })).toThrow(/tEnd < tStart/);
    expect(() => samplingLevels(rectifiedFlow(), { steps: 10, spacing: 'cosine' as never })).toThrow(
      /unknown spacing/,
    );
  });
});

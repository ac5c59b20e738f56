import { describe, expect, it } from 'vitest';
import { exponentialSmoothing } from './smoothing.js';

describe('exponentialSmoothing', () => {
  it('is unbiased from the first point and follows the closed form', () => {
    expect(exponentialSmoothing([5, 5, 5], 0.9)).toEqual([5, 5, 5].map((value) => expect.closeTo(value, 12)));
    // x = 1, 0: s1 = 0.1·1 → 1; s2 = 0.9·0.1 + 0 = 0.09, debiased by 1 − 0.81 = 0.19.
    const [first, second] = exponentialSmoothing([1, 0], 0.9);
    expect(first).toBeCloseTo(1, 12);
    expect(second).toBeCloseTo(0.09 / 0.19, 12);
    expect(exponentialSmoothing([2, 4], 0)).toEqual([2, 4]);
    expect(exponentialSmoothing([Number.NaN, 3], 0.5)).toEqual([Number.NaN, 3]);
  });
});

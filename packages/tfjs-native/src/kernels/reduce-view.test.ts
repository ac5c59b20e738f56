import { describe, expect, it } from 'vitest';
import { middleAxisView, normalizeAxes } from './reduce-view.js';

describe('normalizeAxes', () => {
  it('resolves negative axes, drops duplicates, sorts, and means every axis for null', () => {
    expect(normalizeAxes([-1, 0, 2, 0], 3)).toEqual([0, 2]);
    expect(normalizeAxes(-2, 4)).toEqual([2]);
    expect(normalizeAxes(null, 3)).toEqual([0, 1, 2]);
    expect(normalizeAxes(undefined, 0)).toEqual([]);
  });

  it('rejects axes out of range or not integers (the cpu kernel reports them)', () => {
    expect(normalizeAxes([3], 3)).toBeNull();
    expect(normalizeAxes(-4, 3)).toBeNull();
    expect(normalizeAxes(0.5, 3)).toBeNull();
  });
});

describe('middleAxisView', () => {
  it('collapses a contiguous run of reduced axes into (outer, reduce, inner)', () => {
    expect(middleAxisView([64, 49, 512], [0, 1], false)).toEqual({
      outer: 1,
      reduce: 3136,
      inner: 512,
      outputShape: [512],
    });
    expect(middleAxisView([8, 1, 5, 7], [1, 2], true)).toEqual({
      outer: 8,
      reduce: 5,
      inner: 7,
      outputShape: [8, 1, 1, 7],
    });
    expect(middleAxisView([3, 4, 5], [2], false)).toMatchObject({ outer: 12, reduce: 5, inner: 1 });
  });

  it('ignores size-1 dimensions when deciding whether the run is contiguous', () => {
    // axes 0 and 2 are separated only by a size-1 dimension
    expect(middleAxisView([6, 1, 4, 3], [0, 2], false)).toEqual({
      outer: 1,
      reduce: 24,
      inner: 3,
      outputShape: [1, 3],
    });
    // reducing only size-1 dimensions copies the input
    expect(middleAxisView([1, 5, 1], [0, 2], false)).toEqual({
      outer: 5,
      reduce: 1,
      inner: 1,
      outputShape: [5],
    });
  });

  it('refuses reduced axes split by a kept dimension', () => {
    expect(middleAxisView([2, 3, 4], [0, 2], false)).toBeNull();
    expect(middleAxisView([2, 3, 4, 5], [1, 3], true)).toBeNull();
  });
});

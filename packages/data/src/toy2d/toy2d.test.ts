import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { DataArgumentError } from '../errors.js';
import { CHECKERBOARD_EXTENT, checkerboard } from './checkerboard.js';
import { gaussianMixture2d, gaussianMixtureCenters } from './gaussian-mixture.js';
import type { LabeledPoints } from './labeled-points.js';
import { twoMoons } from './two-moons.js';

const N = 20000;

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function coordinates({ points }: LabeledPoints): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < points.shape[0]!; i++) {
    x.push(points.data[2 * i]!);
    y.push(points.data[2 * i + 1]!);
  }
  return { x, y };
}

function labelFractions(labels: Int32Array, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts.map((count) => count / labels.length);
}

describe('toy 2D sets', () => {
  it('have shapes (n, 2) float32 and (n) int32, and are a pure function of the seed', () => {
    for (const make of [
      (seed: number) => twoMoons(100, createRng(seed)),
      (seed: number) => checkerboard(100, createRng(seed)),
      (seed: number) => gaussianMixture2d(100, createRng(seed)),
    ]) {
      const first = make(7);
      expect(first.points.shape).toEqual([100, 2]);
      expect(first.points.dtype).toBe('float32');
      expect(first.labels.shape).toEqual([100]);
      expect(first.labels.dtype).toBe('int32');
      expect(make(7).points.data).toEqual(first.points.data);
      expect(make(8).points.data).not.toEqual(first.points.data);
    }
    expect(twoMoons(0, createRng(0)).points.shape).toEqual([0, 2]);
  });

  it('two moons: noiseless points lie on the two unit half circles, noise has the asked std', () => {
    const exact = twoMoons(N, createRng(1), 0);
    let offCurve = 0;
    for (let i = 0; i < N; i++) {
      const x = exact.points.data[2 * i]!;
      const y = exact.points.data[2 * i + 1]!;
      const upper = exact.labels.data[i] === 0;
      const radius = upper ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
      const onHalf = upper ? y >= 0 : y <= 0.5;
      if (Math.abs(radius - 1) > 1e-5 || !onHalf) offCurve++;
    }
    expect(offCurve).toBe(0);
    const fractions = labelFractions(exact.labels.data, 2);
    expect(fractions[0]).toBeCloseTo(0.5, 1);
    // Same seed, so the same labels and angles: the difference is the noise alone.
    const noisy = twoMoons(N, createRng(1), 0.1);
    const differences = Array.from(noisy.points.data, (value, i) => value - exact.points.data[i]!);
    const std = Math.sqrt(mean(differences.map((d) => d * d)));
    expect(std).toBeCloseTo(0.1, 2);
    const { x, y } = coordinates(exact);
    expect(mean(x)).toBeCloseTo(0.5, 1); // sklearn's moons are centred on (0.5, 0.25)
    expect(mean(y)).toBeCloseTo(0.25, 1);
  });

  it('checkerboard: uniform on the 8 dark squares of [−4, 4]², none on the light ones', () => {
    const board = checkerboard(N, createRng(2));
    let misplaced = 0;
    for (let i = 0; i < N; i++) {
      const x = board.points.data[2 * i]!;
      const y = board.points.data[2 * i + 1]!;
      const inside = Math.abs(x) < CHECKERBOARD_EXTENT && Math.abs(y) < CHECKERBOARD_EXTENT;
      const column = Math.floor((x + 4) / 2);
      const row = Math.floor((y + 4) / 2);
      const dark = (column + row) % 2 === 0;
      if (!inside || !dark || column !== board.labels.data[i]! % 4) misplaced++;
    }
    expect(misplaced).toBe(0);
    for (const fraction of labelFractions(board.labels.data, 8)) expect(fraction).toBeCloseTo(1 / 8, 1);
    const { x, y } = coordinates(board);
    expect(Math.abs(mean(x))).toBeLessThan(0.1);
    expect(Math.abs(mean(y))).toBeLessThan(0.1);
    expect(mean(x.map((value) => value * value))).toBeCloseTo(16 / 3, 0); // variance of U(−4, 4)
  });

  it('Gaussian mixture: equal weights, each component at its centre with the asked std', () => {
    const components = 6;
    const radius = 3;
    const std = 0.2;
    const mixture = gaussianMixture2d(N, createRng(3), { components, radius, std });
    const centers = gaussianMixtureCenters(components, radius);
    expect(Math.hypot(centers[0]!, centers[1]!)).toBeCloseTo(radius, 5);
    for (const fraction of labelFractions(mixture.labels.data, components)) {
      expect(fraction).toBeCloseTo(1 / components, 1);
    }
    const offsets: number[] = [];
    for (let i = 0; i < N; i++) {
      const component = mixture.labels.data[i]!;
      offsets.push(mixture.points.data[2 * i]! - centers[2 * component]!);
      offsets.push(mixture.points.data[2 * i + 1]! - centers[2 * component + 1]!);
    }
    expect(Math.abs(mean(offsets))).toBeLessThan(0.01);
    expect(Math.sqrt(mean(offsets.map((d) => d * d)))).toBeCloseTo(std, 2);
  });

  it('reject invalid sizes and parameters', () => {
    expect(() => twoMoons(-1, createRng(0))).toThrow(DataArgumentError);
    expect(() => twoMoons(10, createRng(0), -0.1)).toThrow('noise = -0.1');
    expect(() => checkerboard(1.5, createRng(0))).toThrow(DataArgumentError);
    expect(() => gaussianMixture2d(10, createRng(0), { components: 0 })).toThrow('components = 0');
  });
});

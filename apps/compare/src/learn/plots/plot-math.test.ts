import { describe, expect, it } from 'vitest';
import { densityHistogram } from '../math/histogram.js';
import { countNearest, meanDistanceFrom, meanPointDistance } from '../math/point-sets.js';
import { gridPoints } from '../math/velocity-grid.js';
import { moonCurve } from './moons-reference.js';
import { formatTick, logTicks, niceTicks, Panel, quiverScale } from './plot.js';

/** A panel needs no real context for its coordinate maps. */
const noContext = {} as CanvasRenderingContext2D;

describe('plot coordinates', () => {
  it('maps data to pixels with y up, and back', () => {
    const panel = new Panel(
      noContext,
      { left: 10, top: 20, width: 200, height: 100 },
      { xMin: -1, xMax: 1, yMin: 0, yMax: 2 },
    );
    expect(panel.x(-1)).toBe(10);
    expect(panel.x(1)).toBe(210);
    expect(panel.y(0)).toBe(120);
    expect(panel.y(2)).toBe(20);
    expect(panel.dataX(panel.x(0.37))).toBeCloseTo(0.37, 12);
    expect(panel.dataY(panel.y(1.61))).toBeCloseTo(1.61, 12);
  });

  it('puts equal ratios at equal distances on a log axis', () => {
    const panel = new Panel(
      noContext,
      { left: 0, top: 0, width: 300, height: 100 },
      { xMin: 0.01, xMax: 10, yMin: 0, yMax: 1 },
      'log',
    );
    expect(panel.x(0.1) - panel.x(0.01)).toBeCloseTo(100, 9);
    expect(panel.x(10) - panel.x(1)).toBeCloseTo(100, 9);
    expect(panel.dataX(150)).toBeCloseTo(10 ** -0.5, 12);
  });

  it('chooses round ticks inside the range and labels them briefly', () => {
    expect(niceTicks(-2.5, 3.5, 6)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(niceTicks(-2.5, 3.5, 3)).toEqual([-2, 0, 2]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => expect.closeTo(v, 12)));
    expect(logTicks(0.002, 80)).toEqual([0.01, 0.1, 1, 10].map((v) => expect.closeTo(v, 12)));
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(0.001)).toBe('1e-3');
  });

  it('scales quivers so the 90th-percentile arrow has the asked length', () => {
    const vectors = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? (i / 2 + 1) * 0.5 : 0)); // lengths 0.5 … 5
    expect(quiverScale(vectors, 18) * 4.5).toBeCloseTo(18, 12);
    expect(quiverScale(new Float64Array(6), 18)).toBe(0);
  });
});

describe('small computations', () => {
  it('grid points are the cell centres, row by row', () => {
    const points = gridPoints({ xMin: 0, xMax: 4, yMin: -1, yMax: 1 }, 2, 2);
    expect(Array.from(points)).toEqual([1, -0.5, 3, -0.5, 1, 0.5, 3, 0.5]);
  });

  it('a density histogram integrates to the fraction of values inside the range', () => {
    const values = [0.05, 0.15, 0.15, 0.95, 1.5, -0.2];
    const density = densityHistogram(values, 10, 0, 1);
    expect(density.reduce((sum, value) => sum + value * 0.1, 0)).toBeCloseTo(4 / 6, 12);
    expect(density[1]).toBeCloseTo(2 / (6 * 0.1), 12);
  });

  it('point-set distances and nearest-centre counts', () => {
    expect(meanPointDistance([0, 0, 1, 1], [3, 4, 1, 1])).toBe(2.5);
    expect(meanDistanceFrom([3, 4, -3, -4], [0, 0])).toBe(5);
    expect(
      countNearest(
        [-1, 0, -2, 0, 2, 0],
        [
          [-1.5, 0],
          [1.5, 0.5],
        ],
        0,
      ),
    ).toBe(2);
    expect(() => meanPointDistance([0, 0], [0])).toThrow(RangeError);
  });

  it('draws the moons of make_moons: class 0 from (1, 0) over the top to (−1, 0), class 1 below', () => {
    const upper = moonCurve(0, 3);
    expect(Array.from(upper.xs)).toEqual([1, expect.closeTo(0, 12), -1]);
    expect(Array.from(upper.ys)).toEqual([0, 1, expect.closeTo(0, 12)]);
    const lower = moonCurve(1, 3);
    expect(Array.from(lower.xs)).toEqual([0, expect.closeTo(1, 12), 2]);
    expect(Array.from(lower.ys)).toEqual([0.5, -0.5, expect.closeTo(0.5, 12)]);
  });
});

import { describe, expect, it } from 'vitest';
import { cosOfTurns, naturalLog, sinOfTurns } from './deterministic-math.js';

/** A small deterministic generator for test points (xorshift32), so the tests see the same points everywhere. */
function testPoints(count: number, seed: number): number[] {
  let state = seed >>> 0 || 1;
  const points: number[] = [];
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    points.push(state / 4294967296);
  }
  return points;
}

function expectRelativelyClose(actual: number, expected: number, tolerance: number, input: number): void {
  const error = Math.abs(actual - expected);
  if (!(error <= tolerance * Math.abs(expected))) {
    throw new Error(`at x = ${input}: got ${actual}, Math gives ${expected} (error ${error})`);
  }
}

describe('naturalLog', () => {
  it('matches Math.log to 1e-14 relative error across the whole double range', () => {
    const mantissas = testPoints(20000, 13);
    testPoints(20000, 7).forEach((fraction, i) => {
      const exponent = Math.floor(fraction * 2000) - 1000; // 2^-1000 … 2^1000
      const x = (1 + mantissas[i]!) * 2 ** exponent;
      expectRelativelyClose(naturalLog(x), Math.log(x), 1e-14, x);
    });
  });

  it('matches Math.log near 1, where ln x ≈ x − 1 is small', () => {
    for (const fraction of testPoints(20000, 11)) {
      const x = 1 + (fraction - 0.5) * 0.1;
      expectRelativelyClose(naturalLog(x), Math.log(x), 1e-14, x);
    }
    for (let k = 1; k <= 52; k++) {
      expectRelativelyClose(naturalLog(1 + 2 ** -k), Math.log(1 + 2 ** -k), 1e-14, 1 + 2 ** -k);
      expectRelativelyClose(naturalLog(1 - 2 ** -k), Math.log(1 - 2 ** -k), 1e-14, 1 - 2 ** -k);
    }
  });

  it('matches Math.log on the Box–Muller inputs, including the tiniest uniforms', () => {
    const inputs = [
      2 ** -24,
      2 ** -33,
      0.5 / 2 ** 32,
      1.5 / 2 ** 32,
      (2 ** 32 - 0.5) / 2 ** 32,
      0.5,
      Math.SQRT1_2,
    ];
    for (const fraction of testPoints(20000, 3))
      inputs.push((Math.floor(fraction * 2 ** 32) + 0.5) / 2 ** 32);
    for (const x of inputs) expectRelativelyClose(naturalLog(x), Math.log(x), 1e-14, x);
  });

  it('handles subnormals, powers of two and the special values like Math.log', () => {
    for (const x of [5e-324, 1e-310, 2.2250738585072014e-308, Number.MAX_VALUE, 2, 0.25]) {
      expectRelativelyClose(naturalLog(x), Math.log(x), 1e-14, x);
    }
    expect(naturalLog(1)).toBe(0);
    expect(naturalLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(naturalLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(naturalLog(-1)).toBeNaN();
    expect(naturalLog(Number.NaN)).toBeNaN();
  });
});

describe('sinOfTurns / cosOfTurns', () => {
  it('match Math.sin(2πu) and Math.cos(2πu) to 1e-14 on [−4, 4] turns', () => {
    for (const fraction of testPoints(50000, 5)) {
      const turns = (fraction - 0.5) * 8;
      const sinError = Math.abs(sinOfTurns(turns) - Math.sin(2 * Math.PI * turns));
      const cosError = Math.abs(cosOfTurns(turns) - Math.cos(2 * Math.PI * turns));
      if (!(sinError <= 1e-14 && cosError <= 1e-14)) {
        throw new Error(`at ${turns} turns: sin error ${sinError}, cos error ${cosError}`);
      }
    }
  });

  it('match on the Box–Muller angles b / 2^32 and near the quadrant boundaries', () => {
    const turns = [0, 2 ** -32, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1 - 2 ** -32];
    for (const boundary of [0.125, 0.25, 0.375, 0.5]) turns.push(boundary - 2 ** -32, boundary + 2 ** -32);
    for (const u of turns) {
      expect(Math.abs(sinOfTurns(u) - Math.sin(2 * Math.PI * u))).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(cosOfTurns(u) - Math.cos(2 * Math.PI * u))).toBeLessThanOrEqual(1e-14);
    }
  });

  it('are exact at the quarter turns and keep sin² + cos² = 1', () => {
    expect(sinOfTurns(0)).toBe(0);
    expect(cosOfTurns(0)).toBe(1);
    expect(sinOfTurns(0.25)).toBe(1);
    expect(cosOfTurns(0.5)).toBe(-1);
    expect(sinOfTurns(0.75)).toBe(-1);
    for (const u of testPoints(1000, 9)) {
      expect(Math.abs(sinOfTurns(u) ** 2 + cosOfTurns(u) ** 2 - 1)).toBeLessThan(1e-15);
    }
    expect(sinOfTurns(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(cosOfTurns(Number.NaN)).toBeNaN();
  });
});

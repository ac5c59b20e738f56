import { describe, expect, it } from 'vitest';
import { ddpmAlphasCumprod } from './ddpm-tables.js';
import { discreteVpProcess } from './discrete-vp.js';
import { vpCosine } from './vp-cosine.js';
import { vpDiscrete } from './vp-discrete.js';
import { zeroTerminalSnr } from './zero-terminal-snr.js';

const linearTable = ddpmAlphasCumprod({ schedule: 'linear' });
const tableLogSnr = (alphaBar: number) => 0.5 * Math.log(alphaBar / (1 - alphaBar));

describe('discreteVpProcess', () => {
  const process = vpDiscrete({ schedule: 'linear' });

  it('spans the table indices and returns the table exactly at integer t', () => {
    expect(process.tMin).toBe(0);
    expect(process.tMax).toBe(999);
    for (const n of [0, 1, 2, 499, 998, 999]) {
      expect(process.alpha(n)).toBe(Math.sqrt(linearTable[n]!));
      expect(process.sigma(n)).toBe(Math.sqrt(1 - linearTable[n]!));
    }
  });

  it('interpolates linearly in log-SNR between neighbouring entries', () => {
    for (const n of [0, 17, 500, 998]) {
      for (const fraction of [0.1, 0.5, 0.93]) {
        const expected =
          (1 - fraction) * tableLogSnr(linearTable[n]!) + fraction * tableLogSnr(linearTable[n + 1]!);
        expect(process.logSnr(n + fraction)).toBeCloseTo(expected, 12);
        const alpha = process.alpha(n + fraction);
        const sigma = process.sigma(n + fraction);
        expect(Math.log(alpha / sigma)).toBeCloseTo(expected, 12);
      }
    }
  });

  it('takes one-sided derivatives at knots: the right segment, except at tMax', () => {
    // Second-order one-sided differences: (−3f(t) + 4f(t ± h) − f(t ± 2h))/(±2h).
    const step = 1e-4;
    const oneSided = (f: (t: number) => number, t: number, direction: 1 | -1) =>
      (-3 * f(t) + 4 * f(t + direction * step) - f(t + 2 * direction * step)) / (2 * direction * step);
    for (const n of [0, 250, 998]) {
      expect(process.alphaDerivative(n) / oneSided(process.alpha, n, 1) - 1).toBeCloseTo(0, 5);
      expect(process.sigmaDerivative(n) / oneSided(process.sigma, n, 1) - 1).toBeCloseTo(0, 5);
    }
    expect(process.alphaDerivative(999) / oneSided(process.alpha, 999, -1) - 1).toBeCloseTo(0, 5);
    expect(process.sigmaDerivative(999) / oneSided(process.sigma, 999, -1) - 1).toBeCloseTo(0, 5);
    // The slopes jump at knots: left and right derivatives at n = 500 differ.
    const leftAt500 = oneSided(process.alpha, 500, -1);
    expect(Math.abs(process.alphaDerivative(500) / leftAt500 - 1)).toBeGreaterThan(1e-4);
  });

  it('rejects times outside the table', () => {
    for (const t of [-0.5, 999.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => process.alpha(t)).toThrow(RangeError);
      expect(() => process.logSnr(t)).toThrow(/outside the table/);
    }
  });

  it('validates the table', () => {
    expect(() => discreteVpProcess([0.5])).toThrow(/at least 2/);
    expect(() => discreteVpProcess([0.9, 0.95])).toThrow(/strictly decreasing/);
    expect(() => discreteVpProcess([1, 0.5])).toThrow(/ᾱ\[0\] = 1/);
    expect(() => discreteVpProcess([0.9, 0, 0])).toThrow(/ᾱ\[1\] = 0/);
    expect(() => discreteVpProcess([0.9, Number.NaN])).toThrow(RangeError);
    expect(discreteVpProcess([0.9, 0.5, 0], 'tiny').name).toBe('tiny');
  });
});

describe('zero terminal SNR process', () => {
  const process = vpDiscrete({ schedule: 'linear', zeroTerminalSnr: true });
  const table = zeroTerminalSnr(linearTable);

  it('has α = 0, σ = 1 and log-SNR −∞ at tMax, with finite derivatives and no NaN', () => {
    expect(process.name).toBe('vp-linear-discrete-zero-terminal-snr');
    expect(process.alpha(999)).toBe(0);
    expect(process.sigma(999)).toBe(1);
    expect(process.logSnr(999)).toBe(Number.NEGATIVE_INFINITY);
    expect(process.alphaDerivative(999)).toBe(-Math.sqrt(table[998]!));
    expect(process.sigmaDerivative(999)).toBe(0);
    expect(process.timeAtLogSnr(Number.NEGATIVE_INFINITY)).toBe(999);
    for (let t = 990; t <= 999; t += 0.01) {
      for (const value of [
        process.alpha(t),
        process.sigma(t),
        process.alphaDerivative(t),
        process.sigmaDerivative(t),
        process.logSnr(t),
      ]) {
        expect(Number.isNaN(value)).toBe(false);
      }
    }
  });

  it('interpolates √ᾱ linearly on the last segment, continuously at its left knot', () => {
    const startSignal = Math.sqrt(table[998]!);
    for (const fraction of [0, 0.25, 0.5, 0.999]) {
      expect(process.alpha(998 + fraction)).toBeCloseTo((1 - fraction) * startSignal, 15);
    }
    expect(process.alpha(998 - 1e-9)).toBeCloseTo(startSignal, 10);
    expect(process.logSnr(998.5)).toBeLessThan(process.logSnr(998));
    expect(process.logSnr(998.5)).toBeGreaterThan(process.logSnr(998.9));
    expect(process.timeAtLogSnr(process.logSnr(998.75))).toBeCloseTo(998.75, 10);
  });
});

describe('vpDiscrete', () => {
  it('names the processes after the schedule', () => {
    expect(vpDiscrete({ schedule: 'linear' }).name).toBe('vp-linear-discrete');
    expect(vpDiscrete({ schedule: 'cosine' }).name).toBe('vp-cosine-discrete');
    expect(vpDiscrete({ schedule: 'cosine', zeroTerminalSnr: true }).name).toBe(
      'vp-cosine-discrete-zero-terminal-snr',
    );
    expect(vpDiscrete({ schedule: 'linear', steps: 10 }).tMax).toBe(9);
  });

  it('matches the continuous cosine process at t = (n + 1)/T for entries before the clipped last one', () => {
    const steps = 1000;
    const discrete = vpDiscrete({ schedule: 'cosine', steps });
    const continuous = vpCosine();
    for (const n of [0, 1, 10, 500, 900, 997, 998]) {
      expect(discrete.alpha(n) / continuous.alpha((n + 1) / steps) - 1).toBeCloseTo(0, 10);
    }
  });
});

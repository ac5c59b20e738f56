import { processByName } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { scheduleCurves, timeAtPosition, usesLogTime } from './schedule-curves.js';

describe('scheduleCurves', () => {
  it('rectified flow: α = 1 − t, σ = t, λ = 2·log((1 − t)/t), ±∞ at the ends', () => {
    const curves = scheduleCurves(processByName('rf'), 11);
    expect(curves.logTime).toBe(false);
    curves.times.forEach((t, i) => {
      expect(t).toBeCloseTo(i / 10, 12);
      expect(curves.alpha[i]).toBeCloseTo(1 - t, 12);
      expect(curves.sigma[i]).toBeCloseTo(t, 12);
      if (i > 0 && i < 10) expect(curves.logSnr[i]).toBeCloseTo(2 * Math.log((1 - t) / t), 10);
    });
    expect(curves.logSnr[0]).toBe(Number.POSITIVE_INFINITY);
    expect(curves.logSnr[10]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('VP cosine preserves variance and its λ is log(α²/σ²) of its own α and σ, decreasing', () => {
    const curves = scheduleCurves(processByName('vp-cosine'), 50);
    for (let i = 1; i < 49; i++) {
      const [alpha, sigma] = [curves.alpha[i]!, curves.sigma[i]!];
      expect(alpha ** 2 + sigma ** 2).toBeCloseTo(1, 12);
      expect(curves.logSnr[i]).toBeCloseTo(Math.log(alpha ** 2 / sigma ** 2), 9);
      expect(curves.logSnr[i]!).toBeLessThan(curves.logSnr[i - 1]!);
    }
    // Nichol & Dhariwal's ᾱ(t) = cos²(((t + s)/(1 + s))·π/2)/cos²(s/(1 + s)·π/2), s = 0.008, at t = ½.
    const s = 0.008;
    const f = (t: number) => Math.cos(((t + s) / (1 + s)) * (Math.PI / 2)) ** 2;
    expect(processByName('vp-cosine').alpha(0.5) ** 2).toBeCloseTo(f(0.5) / f(0), 12);
  });

  it('EDM: log-spaced σ from 0.002 to 80 with α = 1 and λ = −2·log σ', () => {
    const process = processByName('edm');
    expect(usesLogTime(process)).toBe(true);
    const curves = scheduleCurves(process, 9);
    expect(curves.times[0]).toBeCloseTo(0.002, 15);
    expect(curves.times[8]).toBeCloseTo(80, 10);
    const ratio = curves.times[1]! / curves.times[0]!;
    for (let i = 1; i < 9; i++) {
      expect(curves.times[i]! / curves.times[i - 1]!).toBeCloseTo(ratio, 10);
      expect(curves.alpha[i]).toBe(1);
      expect(curves.logSnr[i]).toBeCloseTo(-2 * Math.log(curves.times[i]!), 10);
    }
    expect(ratio).toBeCloseTo((80 / 0.002) ** (1 / 8), 10);
  });

  it('maps slider positions to times: the ends exactly, the middle linearly or geometrically', () => {
    const flow = processByName('rf');
    expect(timeAtPosition(flow, 0)).toBe(0);
    expect(timeAtPosition(flow, 1)).toBe(1);
    expect(timeAtPosition(flow, 0.25)).toBeCloseTo(0.25, 15);
    expect(timeAtPosition(processByName('edm'), 0.5)).toBeCloseTo(Math.sqrt(0.002 * 80), 12);
  });
});

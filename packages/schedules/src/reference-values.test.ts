import { describe, expect, it } from 'vitest';
import { ddpmAlphasCumprod, ddpmBetas } from './processes/ddpm-tables.js';
import { zeroTerminalSnr } from './processes/zero-terminal-snr.js';

/**
 * Reference values of the DDPM tables, each computed here by a route independent of the package
 * (exact rational arithmetic; a compensated sum of logarithms) and cross-checked against published figures.
 */

/**
 * ᾱ_n of the linear table (T = 1000, β from 1e-4 to 0.02) in exact rational arithmetic: β_i = (999 + 199·i)/9 990 000
 * exactly (1e-4 + 0.0199·i/999), so 1 − β_i = (9 989 001 − 199·i)/9 990 000 and ᾱ_n is a ratio of BigInt products,
 * rounded to float64 only at the end (40 decimal digits kept before the conversion).
 */
function exactLinearAlphaBar(n: number): number {
  let numerator = 1n;
  let denominator = 1n;
  for (let i = 0; i <= n; i++) {
    numerator *= BigInt(9_989_001 - 199 * i);
    denominator *= 9_990_000n;
  }
  const digits = 40n;
  const scaled = (numerator * 10n ** digits) / denominator;
  const text = scaled.toString().padStart(Number(digits) + 1, '0');
  return Number(`${text.slice(0, -Number(digits))}.${text.slice(-Number(digits))}`);
}

/** ᾱ_n = exp(Σ_{i≤n} log1p(−β_i)) with Kahan–Babuška (Neumaier) compensated summation in float64. */
function compensatedLinearAlphaBar(n: number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i <= n; i++) {
    const term = Math.log1p(-(1e-4 + (0.0199 * i) / 999));
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  return Math.exp(sum + compensation);
}

describe('DDPM linear table (Ho et al. 2020: T = 1000, β_1 = 1e-4 … β_T = 0.02)', () => {
  const table = ddpmAlphasCumprod({ schedule: 'linear' });

  it('has ᾱ_0 = 1 − β_0 = 0.9999 exactly (by definition)', () => {
    expect(table[0]).toBe(0.9999);
  });

  it('has ᾱ_499 = 0.078587242881778… (exact arithmetic)', () => {
    // Exact rational value: 0.0785872428817782373432898… (this file's exactLinearAlphaBar, 40 digits).
    // Published: 0.07859 at t = 500 (1-based, = index 499) in the "Numbers worth knowing" table of a public DDPM
    // lecture-notes chapter (found by exact-string search of public GitHub files for "4.036e-05"; its table row
    // reads "500  0.989960  7.859e-02  0.280334  0.959902").
    expect(exactLinearAlphaBar(499)).toBeCloseTo(0.07858724288177824, 16);
    expect(table[499]! / exactLinearAlphaBar(499) - 1).toBeCloseTo(0, 13);
    expect(table[499]! / compensatedLinearAlphaBar(499) - 1).toBeCloseTo(0, 13);
    expect(table[499]).toBeCloseTo(0.07859, 5);
  });

  it('has ᾱ_999 = 4.0358297653756…e-5 (exact arithmetic), the widely quoted 4.04e-5', () => {
    // Exact rational value: 4.03582976537568331…e-5. Published: 4.0358e-05 (last entry of PyTorch's float32
    // cumprod printed in several public DDPM notebooks, e.g. "tensor([9.9990e-01, 9.9978e-01, …, 4.1182e-05,
    // 4.0358e-05])", found by exact-string search of public GitHub files), and 4.036e-05 with √ᾱ_T = 0.006353
    // in the same lecture-notes table. (https://www.book-ai.org/books/diffusion/chapter-02/section-02 gives
    // ᾱ_T ~ 0.000006 for this schedule; that is off by a factor of about 7.)
    expect(exactLinearAlphaBar(999) / 4.035829765375683e-5 - 1).toBeCloseTo(0, 15);
    expect(table[999]! / exactLinearAlphaBar(999) - 1).toBeCloseTo(0, 13);
    expect(table[999]! / compensatedLinearAlphaBar(999) - 1).toBeCloseTo(0, 13);
    expect(table[999]! * 1e5).toBeCloseTo(4.0358, 4);
    expect(Math.sqrt(table[999]!)).toBeCloseTo(0.006353, 6);
  });

  it('has Σβ = 10.05 (so ᾱ_999 ≈ e^(−Σβ − ½Σβ²) lies just below e^(−10.05) = 4.32e-5)', () => {
    const betas = ddpmBetas({ schedule: 'linear' });
    expect(betas.reduce((sum, beta) => sum + beta, 0)).toBeCloseTo(10.05, 12);
    expect(table[999]).toBeLessThan(Math.exp(-10.05));
  });
});

describe('zero terminal SNR (Lin et al. 2024, Algorithm 1)', () => {
  const table = ddpmAlphasCumprod({ schedule: 'linear' });
  const rescaled = zeroTerminalSnr(table);

  it('makes the last ᾱ exactly 0 and keeps the first', () => {
    expect(rescaled[999]).toBe(0);
    expect(rescaled[0]).toBe(table[0]);
  });

  it('is an affine map of √ᾱ: rescaled √ᾱ_n / √ᾱ_0 = (√ᾱ_n − √ᾱ_T)/(√ᾱ_0 − √ᾱ_T)', () => {
    const first = Math.sqrt(table[0]!);
    const last = Math.sqrt(table[999]!);
    for (const n of [1, 100, 499, 998]) {
      const expected = ((Math.sqrt(table[n]!) - last) / (first - last)) * first;
      expect(Math.sqrt(rescaled[n]!) / expected - 1).toBeCloseTo(0, 13);
    }
    // Lin et al. 2024, §3.1: the rescaled schedule keeps ᾱ decreasing.
    for (let n = 1; n < 1000; n++) expect(rescaled[n]).toBeLessThan(rescaled[n - 1]!);
  });
});

describe('DDPM cosine table (Nichol & Dhariwal 2021, eq. 17, s = 0.008, β clipped at 0.999)', () => {
  const steps = 1000;
  const table = ddpmAlphasCumprod({ schedule: 'cosine', steps });
  // The textbook f, evaluated directly with cos (the package uses a cancellation-free rewriting).
  const f = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;

  it('equals f((n + 1)/T)/f(0) at every entry before the clipped one', () => {
    // Table index n is the paper's step n + 1 (openai/improved-diffusion, betas_for_alpha_bar:
    // β_n = 1 − ᾱ((n+1)/T)/ᾱ(n/T)), so ᾱ_n = f((n + 1)/T)/f(0) — the paper's ᾱ_t = f(t/T)/f(0) with t = n + 1.
    for (let n = 0; n < steps - 1; n++) {
      expect(table[n]! / (f((n + 1) / steps) / f(0)) - 1).toBeCloseTo(0, 9);
    }
  });

  it('clips only the last β, at 0.999', () => {
    const betas = ddpmBetas({ schedule: 'cosine', steps });
    expect(betas[steps - 1]).toBe(0.999);
    expect(betas[steps - 2]).toBeLessThan(0.999);
    expect(table[steps - 1]! / table[steps - 2]!).toBeCloseTo(0.001, 12);
    // First step: β_0 = 1 − f(1/T)/f(0) ≈ 4.1e-5.
    expect(betas[0]! / (1 - f(1 / steps) / f(0)) - 1).toBeCloseTo(0, 9);
  });
});

import { describe, expect, it } from 'vitest';
import type { NoiseProcess } from '../process.js';
import { isVariancePreserving, timeGrid } from '../test-support/processes.js';
import { ddpmAlphasCumprod } from './ddpm-tables.js';
import { edm } from './edm.js';
import { rectifiedFlow } from './rectified-flow.js';
import { vpCosine } from './vp-cosine.js';
import { vpDiscrete } from './vp-discrete.js';
import { vpLinear } from './vp-linear.js';
import { zeroTerminalSnr } from './zero-terminal-snr.js';

interface ProcessCase {
  label: string;
  process: NoiseProcess;
  /** α and σ straight from the defining formula (the textbook form, not the package's rewriting). */
  definition: (t: number) => { alpha: number; sigma: number };
  /** Times at which derivatives are checked by central differences (away from kinks and infinite slopes). */
  derivativeTimes: number[];
}

function continuousVpLinear(betaMin: number, betaMax: number) {
  return (t: number) => {
    const alphaBar = Math.exp(-(betaMin * t + 0.5 * (betaMax - betaMin) * t * t));
    return { alpha: Math.sqrt(alphaBar), sigma: Math.sqrt(1 - alphaBar) };
  };
}

function continuousCosine(s: number) {
  const f = (t: number) => Math.cos(((t + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  return (t: number) => {
    const alphaBar = f(t) / f(0);
    return { alpha: Math.sqrt(alphaBar), sigma: Math.sqrt(1 - alphaBar) };
  };
}

/** For integer t the discrete process is the table itself. */
function tableDefinition(table: Float64Array) {
  return (t: number) => ({ alpha: Math.sqrt(table[t]!), sigma: Math.sqrt(1 - table[t]!) });
}

const linearTable = ddpmAlphasCumprod({ schedule: 'linear' });
const cosineTable = ddpmAlphasCumprod({ schedule: 'cosine' });
const interior = [0.013, 0.1, 0.25, 0.5, 0.75, 0.9, 0.987];
const discreteInterior = [0.5, 3.25, 100.7, 499.5, 900.1, 997.6, 998.5];

const CASES: ProcessCase[] = [
  {
    label: 'rf',
    process: rectifiedFlow(),
    definition: (t) => ({ alpha: 1 - t, sigma: t }),
    derivativeTimes: interior,
  },
  {
    label: 'vp-linear (0.1, 20)',
    process: vpLinear(),
    definition: continuousVpLinear(0.1, 20),
    derivativeTimes: interior,
  },
  {
    label: 'vp-linear (0, 10)',
    process: vpLinear({ betaMin: 0, betaMax: 10 }),
    definition: continuousVpLinear(0, 10),
    derivativeTimes: interior,
  },
  {
    label: 'vp-linear (1, 1)',
    process: vpLinear({ betaMin: 1, betaMax: 1 }),
    definition: continuousVpLinear(1, 1),
    derivativeTimes: interior,
  },
  {
    label: 'vp-cosine (s = 0.008)',
    process: vpCosine(),
    definition: continuousCosine(0.008),
    derivativeTimes: interior,
  },
  {
    label: 'vp-cosine (s = 0)',
    process: vpCosine({ s: 0 }),
    definition: continuousCosine(0),
    derivativeTimes: interior,
  },
  {
    label: 'vp-linear-discrete',
    process: vpDiscrete({ schedule: 'linear' }),
    definition: tableDefinition(linearTable),
    derivativeTimes: discreteInterior,
  },
  {
    label: 'vp-cosine-discrete',
    process: vpDiscrete({ schedule: 'cosine' }),
    definition: tableDefinition(cosineTable),
    derivativeTimes: discreteInterior,
  },
  {
    label: 'vp-linear-discrete-zero-terminal-snr',
    process: vpDiscrete({ schedule: 'linear', zeroTerminalSnr: true }),
    definition: tableDefinition(zeroTerminalSnr(linearTable)),
    derivativeTimes: discreteInterior,
  },
  {
    label: 'vp-cosine-discrete-zero-terminal-snr',
    process: vpDiscrete({ schedule: 'cosine', zeroTerminalSnr: true }),
    definition: tableDefinition(zeroTerminalSnr(cosineTable)),
    derivativeTimes: discreteInterior,
  },
  {
    label: 'edm',
    process: edm(),
    definition: (t) => ({ alpha: 1, sigma: t }),
    derivativeTimes: [0.003, 0.1, 1, 10, 79],
  },
];

function isDiscrete(process: NoiseProcess): boolean {
  return process.name.includes('discrete');
}

/** Times where the definition is checked: integers for tables, a grid (ends included) otherwise. */
function definitionTimes(process: NoiseProcess): number[] {
  if (isDiscrete(process)) return [0, 1, 2, 10, 250, 499, 500, 998, 999];
  return timeGrid(process, 40);
}

describe.each(CASES)('$label', ({ process, definition, derivativeTimes }) => {
  it('matches the defining α(t) and σ(t)', () => {
    for (const t of definitionTimes(process)) {
      const expected = definition(t);
      expect(process.alpha(t)).toBeCloseTo(expected.alpha, 12);
      expect(process.sigma(t)).toBeCloseTo(expected.sigma, 12);
      expect(process.alpha(t)).toBeGreaterThanOrEqual(0);
      expect(process.sigma(t)).toBeGreaterThanOrEqual(0);
    }
  });

  it('has the derivatives of α and σ (central differences)', () => {
    // Within one table segment for discrete processes (h ≪ the distance to the nearest knot).
    const step = isDiscrete(process) ? 1e-4 : 1e-6 * (process.tMax - process.tMin);
    for (const t of derivativeTimes) {
      const alphaSlope = (process.alpha(t + step) - process.alpha(t - step)) / (2 * step);
      const sigmaSlope = (process.sigma(t + step) - process.sigma(t - step)) / (2 * step);
      const alphaDerivative = process.alphaDerivative(t);
      const sigmaDerivative = process.sigmaDerivative(t);
      expect(Math.abs(alphaSlope - alphaDerivative)).toBeLessThanOrEqual(
        1e-6 * Math.max(1e-3, Math.abs(alphaDerivative)),
      );
      expect(Math.abs(sigmaSlope - sigmaDerivative)).toBeLessThanOrEqual(
        1e-6 * Math.max(1e-3, Math.abs(sigmaDerivative)),
      );
    }
  });

  it('has a strictly decreasing log-SNR, +∞/−∞ only where σ = 0 / α = 0', () => {
    const times = timeGrid(process, isDiscrete(process) ? 3996 : 2000);
    let previous = Number.POSITIVE_INFINITY;
    for (const [index, t] of times.entries()) {
      const lambda = process.logSnr(t);
      expect(Number.isNaN(lambda)).toBe(false);
      if (index > 0) expect(lambda).toBeLessThan(previous);
      previous = lambda;
      if (lambda === Number.POSITIVE_INFINITY) expect(process.sigma(t)).toBe(0);
      if (lambda === Number.NEGATIVE_INFINITY) expect(process.alpha(t)).toBe(0);
      if (Number.isFinite(lambda)) {
        expect(lambda).toBeCloseTo(Math.log(process.alpha(t) / process.sigma(t)), 9);
      }
    }
  });

  it('inverts log-SNR: timeAtLogSnr(logSnr(t)) = t to 1e-9 relative', () => {
    const span = process.tMax - process.tMin;
    // Table times are indices: relative to max(t, one step) there (λ is interpolated from O(1) table values).
    const scaleFloor = isDiscrete(process) ? 1 : 1e-300;
    const nearEnds = [1e-9, 1e-6, 1e-3, 1 - 1e-3, 1 - 1e-6].map((fraction) => process.tMin + span * fraction);
    for (const t of [...timeGrid(process, 997), ...nearEnds]) {
      const recovered = process.timeAtLogSnr(process.logSnr(t));
      expect(Math.abs(recovered - t)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(t), scaleFloor));
    }
  });

  it('clamps timeAtLogSnr to [tMin, tMax] and rejects NaN', () => {
    expect(process.timeAtLogSnr(Number.POSITIVE_INFINITY)).toBe(process.tMin);
    expect(process.timeAtLogSnr(Number.NEGATIVE_INFINITY)).toBe(process.tMax);
    expect(process.timeAtLogSnr(1e6)).toBe(process.tMin);
    expect(process.timeAtLogSnr(-1e6)).toBe(process.tMax);
    expect(() => process.timeAtLogSnr(Number.NaN)).toThrow(RangeError);
  });

  it('returns finite coefficients everywhere except documented infinite slopes at σ = 0', () => {
    for (const t of timeGrid(process, 500)) {
      for (const value of [process.alpha(t), process.sigma(t), process.alphaDerivative(t)]) {
        expect(Number.isFinite(value)).toBe(true);
      }
      const sigmaDerivative = process.sigmaDerivative(t);
      expect(Number.isNaN(sigmaDerivative)).toBe(false);
      if (!Number.isFinite(sigmaDerivative)) {
        expect(process.sigma(t)).toBe(0);
        expect(sigmaDerivative).toBe(Number.POSITIVE_INFINITY);
      }
    }
  });
});

describe.each(CASES.filter(({ process }) => isVariancePreserving(process)))('$label', ({ process }) => {
  it('preserves variance: α² + σ² = 1', () => {
    for (const t of timeGrid(process, 500)) {
      expect(process.alpha(t) ** 2 + process.sigma(t) ** 2).toBeCloseTo(1, 14);
    }
  });
});

describe('precision near the ends', () => {
  it('vp-linear keeps full relative precision of σ and λ as t → 0', () => {
    const process = vpLinear();
    for (const t of [1e-12, 1e-9, 1e-6]) {
      // B = β_min·t + ½(β_max − β_min)t²; σ² = 1 − e^(−B) = B − B²/2 + … (series, exact to float64 here).
      const integral = 0.1 * t + 0.5 * 19.9 * t * t;
      const sigmaSquared = integral - integral ** 2 / 2 + integral ** 3 / 6;
      expect(process.sigma(t) / Math.sqrt(sigmaSquared) - 1).toBeCloseTo(0, 14);
      const lambda = 0.5 * Math.log((1 - sigmaSquared) / sigmaSquared);
      expect(process.logSnr(t) / lambda - 1).toBeCloseTo(0, 13);
    }
  });

  it('vp-cosine has α(1) = 0 exactly and λ(1) = −∞, σ(0) = 0 and λ(0) = +∞', () => {
    const process = vpCosine();
    expect(process.alpha(1)).toBe(0);
    expect(process.sigma(1)).toBe(1);
    expect(process.logSnr(1)).toBe(Number.NEGATIVE_INFINITY);
    expect(process.alpha(0)).toBe(1);
    expect(process.sigma(0)).toBe(0);
    expect(process.logSnr(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('vp-cosine keeps relative precision of σ as t → 0 and of α as t → 1', () => {
    const s = 0.008;
    const process = vpCosine({ s });
    const rate = Math.PI / (2 * (1 + s));
    const start = s * rate;
    for (const t of [1e-12, 1e-8, 1e-4]) {
      // σ² = (cos²θ₀ − cos²θ)/cos²θ₀ ≈ (sin 2θ₀)·δ/cos²θ₀ for small δ = t·k (first-order series, error O(δ²)).
      const sinceStart = t * rate;
      const series =
        (Math.sin(2 * start) * sinceStart + Math.cos(2 * start) * sinceStart ** 2) / Math.cos(start) ** 2;
      expect(process.sigma(t) ** 2 / series - 1).toBeCloseTo(0, 7);
    }
    for (const t of [1 - 1e-12, 1 - 1e-8]) {
      // α = sin((1 − t)·k)/cos θ₀ ≈ (1 − t)·k/cos θ₀ (1 − t is exact in float64 here, by Sterbenz).
      expect(process.alpha(t) / (((1 - t) * rate) / Math.cos(start)) - 1).toBeCloseTo(0, 7);
    }
  });

  it('matches Karras et al. 2022 Table 1 (VP): σ/α = √(e^(½β_d t² + β_min t) − 1)', () => {
    const process = vpLinear();
    for (const t of [0.001, 0.3, 0.9, 1]) {
      const karrasSigma = Math.sqrt(Math.exp(0.5 * 19.9 * t * t + 0.1 * t) - 1);
      expect(process.sigma(t) / process.alpha(t)).toBeCloseTo(karrasSigma, 9);
    }
  });
});

describe('parameter validation', () => {
  it('rejects invalid parameters with a RangeError naming them', () => {
    expect(() => vpLinear({ betaMin: -1 })).toThrow(/betaMin = -1/);
    expect(() => vpLinear({ betaMin: 5, betaMax: 1 })).toThrow(RangeError);
    expect(() => vpCosine({ s: -0.1 })).toThrow(/s = -0.1/);
    expect(() => edm({ sigmaMin: 0 })).toThrow(/sigmaMin = 0/);
    expect(() => edm({ sigmaMin: 10, sigmaMax: 1 })).toThrow(RangeError);
  });
});

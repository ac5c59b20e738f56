import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { coefficientsAt } from '../coefficients.js';
import { noisySample, predictionToX0AndEpsilon, x0AndEpsilonToPrediction } from '../conversions.js';
import { PREDICTION_TARGETS } from '../prediction.js';
import { vpCosine } from '../processes/vp-cosine.js';
import { vpDiscrete } from '../processes/vp-discrete.js';
import { allTestProcesses, isVariancePreserving, timesAt } from '../test-support/processes.js';
import { edmLossWeight } from './edm-weight.js';
import { minSnrWeight } from './min-snr.js';
import { snr } from './snr.js';

const SIZE = 32;
const rng = createRng(11);
const cleanSample = Float64Array.from(rng.normal(SIZE));
const noise = Float64Array.from(rng.normal(SIZE));
const predictionError = Float64Array.from(rng.normal(SIZE), (value) => 0.1 * value);

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum;
}

describe('snr', () => {
  it('is α²/σ², +∞ at σ = 0, and e^(2λ)', () => {
    expect(snr(0.6, 0.8)).toBeCloseTo(0.5625, 15);
    expect(snr(1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(snr(0, 1)).toBe(0);
    const process = vpCosine();
    expect(snr(process.alpha(0.3), process.sigma(0.3))).toBeCloseTo(Math.exp(2 * process.logSnr(0.3)), 12);
    expect(() => snr(0, 0)).toThrow(RangeError);
  });
});

describe('minSnrWeight (Hang et al. 2023)', () => {
  it('makes every weighted target loss equal min(SNR, γ)·‖x₀ − x̂₀‖² (through the conversions)', () => {
    for (const process of allTestProcesses()) {
      for (const t of timesAt(process, [0.02, 0.3, 0.5, 0.7, 0.98])) {
        const coefficients = coefficientsAt(process, t);
        const xt = noisySample(cleanSample, noise, coefficients);
        const signalToNoise = snr(coefficients.alpha, coefficients.sigma);
        for (const gamma of [1, 5]) {
          for (const target of PREDICTION_TARGETS) {
            const exact = x0AndEpsilonToPrediction(cleanSample, noise, target, coefficients);
            const predicted = exact.map((value, i) => value + predictionError[i]!);
            const { x0: estimatedX0 } = predictionToX0AndEpsilon(predicted, target, xt, coefficients);
            const weightedTargetLoss =
              minSnrWeight(coefficients, target, gamma) * squaredDistance(predicted, exact);
            const minSnrX0Loss = Math.min(signalToNoise, gamma) * squaredDistance(estimatedX0, cleanSample);
            expect(
              weightedTargetLoss / minSnrX0Loss - 1,
              `${process.name} t = ${t} ${target} γ = ${gamma}`,
            ).toBeCloseTo(0, 8);
          }
        }
      }
    }
  });

  it('equals the paper/diffusers formulas for VP: min(SNR,γ), min(SNR,γ)/SNR, min(SNR,γ)/(SNR+1)', () => {
    for (const process of allTestProcesses().filter(isVariancePreserving)) {
      for (const t of timesAt(process, [0.05, 0.3, 0.6, 0.95])) {
        const coefficients = coefficientsAt(process, t);
        const value = snr(coefficients.alpha, coefficients.sigma);
        const clipped = Math.min(value, 5);
        expect(minSnrWeight(coefficients, 'x0')).toBeCloseTo(clipped, 12);
        expect(minSnrWeight(coefficients, 'epsilon') / (clipped / value) - 1).toBeCloseTo(0, 12);
        expect(minSnrWeight(coefficients, 'v') / (clipped / (value + 1)) - 1).toBeCloseTo(0, 12);
      }
    }
  });

  it('stays finite at the ends: ε weight 1 at α = 0, 0 at σ = 0; x₀ weight γ at σ = 0', () => {
    const zeroSnr = coefficientsAt(vpDiscrete({ schedule: 'linear', zeroTerminalSnr: true }), 999);
    expect(minSnrWeight(zeroSnr, 'epsilon')).toBe(1);
    expect(minSnrWeight(zeroSnr, 'x0')).toBe(0);
    expect(minSnrWeight(zeroSnr, 'v')).toBe(0);
    const clean = { alpha: 1, sigma: 0, alphaDerivative: -1, sigmaDerivative: 1 };
    expect(minSnrWeight(clean, 'x0', 5)).toBe(5);
    expect(minSnrWeight(clean, 'epsilon', 5)).toBe(0);
    expect(minSnrWeight(clean, 'velocity', 5)).toBe(0);
    expect(() => minSnrWeight(clean, 'x0', 0)).toThrow(RangeError);
  });
});

describe('edmLossWeight (Karras et al. 2022, Table 1)', () => {
  it('is (σ² + σ_data²)/(σ·σ_data)²', () => {
    expect(edmLossWeight(0.5)).toBeCloseTo(8, 14); // 2σ_d²/σ_d⁴ = 2/0.25
    expect(edmLossWeight(1, 1)).toBe(2);
    expect(edmLossWeight(80)).toBeCloseTo((6400 + 0.25) / (80 * 0.5) ** 2, 12);
  });

  it('cancels c_out²: λ(σ)·c_out(σ)² = 1 with c_out = σ·σ_data/√(σ² + σ_data²) (Table 1)', () => {
    for (const sigma of [0.002, 0.1, 1, 10, 80]) {
      const outputScale = (sigma * 0.5) / Math.sqrt(sigma * sigma + 0.25);
      expect(edmLossWeight(sigma) * outputScale * outputScale).toBeCloseTo(1, 12);
    }
    expect(() => edmLossWeight(0)).toThrow(RangeError);
  });
});

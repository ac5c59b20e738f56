import {
  coefficientsAt,
  edm,
  PREDICTION_TARGETS,
  type ProcessCoefficients,
  predictionToX0AndEpsilon,
  rectifiedFlow,
  vpCosine,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import {
  edmWeighting,
  lossWeightingByName,
  minSnrWeighting,
  snrWeighting,
  targetErrorScale,
  uniformWeighting,
} from './loss-weighting.js';

const PROCESSES = [rectifiedFlow(), vpCosine(), edm()];
const timesOf = (name: string) => (name === 'edm' ? [0.01, 0.5, 2, 30] : [0.05, 0.3, 0.7, 0.95]);
const levels: [string, ProcessCoefficients][] = PROCESSES.flatMap((process) =>
  timesOf(process.name).map(
    (t) => [`${process.name} t=${t}`, coefficientsAt(process, t)] as [string, ProcessCoefficients],
  ),
);

describe('targetErrorScale', () => {
  it('is |Δtarget|/|Δx₀| at fixed x_t, measured through the conversions', () => {
    const x0 = Float64Array.of(0.3, -0.7);
    const epsilon = Float64Array.of(1.1, 0.4);
    for (const [label, coefficients] of levels) {
      const xt = Float64Array.from(
        x0,
        (value, i) => coefficients.alpha * value + coefficients.sigma * epsilon[i]!,
      );
      for (const target of PREDICTION_TARGETS) {
        const exact = x0AndEpsilonToPrediction(x0, epsilon, target, coefficients);
        const perturbed = Float64Array.from(exact, (value) => value + 1e-3);
        const moved = predictionToX0AndEpsilon(perturbed, target, xt, coefficients).x0;
        const x0Change = Math.abs(moved[0]! - x0[0]!);
        expect(1e-3 / x0Change / targetErrorScale(coefficients, target), `${label} ${target}`).toBeCloseTo(
          1,
          6,
        );
      }
    }
  });
});

describe('loss weightings, each against its formula', () => {
  it('uniform is 1 everywhere', () => {
    for (const [, coefficients] of levels)
      for (const target of PREDICTION_TARGETS) {
        expect(uniformWeighting().weight(coefficients, target)).toBe(1);
      }
  });

  it('SNR: w·k² = α²/σ² (the x₀-space weight is the SNR), so the loss is ‖ε − ε̂‖² for every target', () => {
    for (const [label, coefficients] of levels) {
      const snr = coefficients.alpha ** 2 / coefficients.sigma ** 2;
      for (const target of PREDICTION_TARGETS) {
        const scale = targetErrorScale(coefficients, target);
        expect(
          (snrWeighting().weight(coefficients, target) * scale ** 2) / snr,
          `${label} ${target}`,
        ).toBeCloseTo(1, 10);
      }
      expect(snrWeighting().weight(coefficients, 'epsilon')).toBe(1);
    }
  });

  it('min-SNR-γ: w·k² = min(α²/σ², γ) (Hang et al. 2023, eq. 11)', () => {
    for (const [label, coefficients] of levels) {
      const snr = coefficients.alpha ** 2 / coefficients.sigma ** 2;
      for (const gamma of [1, 5]) {
        for (const target of PREDICTION_TARGETS) {
          const scale = targetErrorScale(coefficients, target);
          const weight = minSnrWeighting(gamma).weight(coefficients, target);
          expect((weight * scale ** 2) / Math.min(snr, gamma), `${label} ${target} γ=${gamma}`).toBeCloseTo(
            1,
            10,
          );
        }
      }
    }
  });

  it('EDM: on x₀ it is (σ² + σ_d²)/(σ·σ_d)² at σ/α; on other targets that divided by k²', () => {
    for (const [label, coefficients] of levels) {
      const sigma = coefficients.sigma / coefficients.alpha;
      const x0Weight = (sigma ** 2 + 0.25) / (sigma * 0.5) ** 2;
      expect(edmWeighting().weight(coefficients, 'x0') / x0Weight, label).toBeCloseTo(1, 12);
      for (const target of PREDICTION_TARGETS) {
        const scale = targetErrorScale(coefficients, target);
        expect(
          (edmWeighting().weight(coefficients, target) * scale ** 2) / x0Weight,
          `${label} ${target}`,
        ).toBeCloseTo(1, 10);
      }
    }
    // σ = 0.5 = σ_d: λ = 2σ_d²/σ_d⁴ = 8 (Karras et al. 2022, Table 1)
    expect(edmWeighting().weight(coefficientsAt(edm(), 0.5), 'x0')).toBeCloseTo(8, 12);
  });

  it('by name, with the parameter (γ, σ_data), and a clear error for an unknown name', () => {
    const level = coefficientsAt(vpCosine(), 0.2);
    expect(lossWeightingByName('min-snr', 1).weight(level, 'x0')).toBe(
      minSnrWeighting(1).weight(level, 'x0'),
    );
    expect(lossWeightingByName('edm').name).toBe('edm(0.5)');
    expect(() => lossWeightingByName('p2' as 'snr')).toThrow(
      "unknown loss weighting 'p2'; expected one of uniform, snr, min-snr, edm",
    );
    expect(() => minSnrWeighting(0)).toThrow('minSnrWeighting: γ = 0; expected a finite γ > 0');
  });
});

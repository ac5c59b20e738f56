import {
  coefficientsAt,
  PREDICTION_TARGETS,
  predictionToX0AndEpsilon,
  processByName,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { VALIDATED_PROCESSES } from './moments.js';

/**
 * Round trips (x₀, ε) → every prediction target → (x₀, ε) at 33 times across every process, in float64.
 * Returns the largest absolute error per process.
 */
export function measureConversions(seed: number): Record<string, number> {
  const rng = createRng(seed);
  const x0 = Float64Array.from(rng.normal(256));
  const epsilon = Float64Array.from(rng.normal(256));
  const results: Record<string, number> = {};
  for (const name of VALIDATED_PROCESSES) {
    const process = processByName(name);
    let worst = 0;
    for (let i = 0; i <= 32; i++) {
      const t = process.tMin + (process.tMax - process.tMin) * (0.02 + (0.96 * i) / 32);
      const coefficients = coefficientsAt(process, t);
      const xt = x0.map((value, k) => coefficients.alpha * value + coefficients.sigma * epsilon[k]!);
      for (const target of PREDICTION_TARGETS) {
        const prediction = x0AndEpsilonToPrediction(x0, epsilon, target, coefficients);
        const back = predictionToX0AndEpsilon(prediction, target, xt, coefficients);
        for (let k = 0; k < x0.length; k++) {
          worst = Math.max(worst, Math.abs(back.x0[k]! - x0[k]!), Math.abs(back.epsilon[k]! - epsilon[k]!));
        }
      }
    }
    results[name] = worst;
  }
  return results;
}

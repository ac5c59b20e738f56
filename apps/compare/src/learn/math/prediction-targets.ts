import {
  coefficientsAt,
  type NoiseProcess,
  noisySample,
  PREDICTION_TARGETS,
  type PredictionTarget,
  type ProcessCoefficients,
  predictionToX0AndEpsilon,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';

/** One target's value for a (x₀, ε) pair and the x₀ it converts back to, or why it cannot. */
export interface TargetReading {
  target: PredictionTarget;
  /** (2) what a network trained on this target should output. */
  prediction: Float64Array;
  /** (2) x₀ recovered from (x_t, prediction); null where the conversion is undefined at this t. */
  recoveredX0: Float64Array | null;
  /** The conversion's own error message where `recoveredX0` is null. */
  failure: string | null;
}

export interface TargetsAtTime {
  coefficients: ProcessCoefficients;
  /** (2) the noisy point x_t = α·x₀ + σ·ε. */
  xt: Float64Array;
  readings: TargetReading[];
}

/**
 * Every prediction target for one clean point and one noise draw at time t, and the round trip back to x₀ —
 * all through `@latentlab/schedules` (`noisySample`, `x0AndEpsilonToPrediction`, `predictionToX0AndEpsilon`).
 */
export function targetsAtTime(
  process: NoiseProcess,
  t: number,
  x0: readonly [number, number],
  epsilon: readonly [number, number],
): TargetsAtTime {
  const coefficients = coefficientsAt(process, t);
  const clean = Float64Array.from(x0);
  const noise = Float64Array.from(epsilon);
  const xt = noisySample(clean, noise, coefficients);
  const readings = PREDICTION_TARGETS.map((target): TargetReading => {
    let prediction: Float64Array;
    try {
      prediction = x0AndEpsilonToPrediction(clean, noise, target, coefficients);
    } catch (error) {
      return {
        target,
        prediction: new Float64Array([Number.NaN, Number.NaN]),
        recoveredX0: null,
        failure: message(error),
      };
    }
    try {
      const { x0: recovered } = predictionToX0AndEpsilon(prediction, target, xt, coefficients);
      return { target, prediction, recoveredX0: recovered, failure: null };
    } catch (error) {
      return { target, prediction, recoveredX0: null, failure: message(error) };
    }
  });
  return { coefficients, xt, readings };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

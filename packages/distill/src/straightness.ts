import type { Denoiser } from '@latentlab/samplers';
import {
  coefficientsAt,
  type NoiseProcess,
  type PredictionTarget,
  predictionToX0AndEpsilon,
} from '@latentlab/schedules';

export interface StraightnessOptions<C> {
  process: NoiseProcess;
  model: Denoiser<C>;
  target: PredictionTarget;
  condition: C;
  /** (B, …) */
  shape: readonly number[];
  /** Starting noise at `times[0]`. */
  x: Float32Array;
  /** The path's times, noisiest first (e.g. `linearTimeGrid(process, 64)`). */
  times: ArrayLike<number>;
}

export interface StraightnessResult {
  /** S = mean over steps, samples and elements of ((x_end − x_start)/(t_end − t_start) − dx/dt)². */
  straightness: number;
  /** The same divided by the mean squared slope: 0 for straight paths, scale-free. */
  relative: number;
  /** Where the Euler integration ended (B, …). */
  samples: Float32Array;
}

/**
 * The straightness of a flow's paths (Liu et al. 2022, Definition 2.3): S(Z) = ∫ E‖(Z₁ − Z₀) − dZ_t/dt‖² dt,
 * measured by integrating dx/dt = α'·x̂₀ + σ'·ε̂ (the probability-flow ODE of x = α·x₀ + σ·ε) with Euler over
 * `times` and comparing each step's slope with the slope of the straight line between the path's two ends.
 * S = 0 exactly when every path is a straight line traversed at constant speed — when one Euler step is exact.
 */
export async function straightness<C>(options: StraightnessOptions<C>): Promise<StraightnessResult> {
  const { process, times } = options;
  let x = Float64Array.from(options.x);
  const slopes: Float64Array[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const [t, next] = [times[i]!, times[i + 1]!];
    const coefficients = coefficientsAt(process, t);
    const prediction = await options.model({
      x: Float32Array.from(x),
      shape: options.shape,
      t,
      condition: options.condition,
    });
    const { x0, epsilon } = predictionToX0AndEpsilon(prediction, options.target, x, coefficients);
    const slope = x0.map(
      (value, k) => coefficients.alphaDerivative * value + coefficients.sigmaDerivative * epsilon[k]!,
    );
    slopes.push(slope);
    x = x.map((value, k) => value + (next - t) * slope[k]!);
  }
  const span = times[times.length - 1]! - times[0]!;
  const straight = x.map((value, k) => (value - options.x[k]!) / span);
  let deviation = 0;
  let magnitude = 0;
  for (const slope of slopes) {
    for (let k = 0; k < slope.length; k++) {
      deviation += (straight[k]! - slope[k]!) ** 2;
      magnitude += slope[k]! ** 2;
    }
  }
  const count = slopes.length * x.length;
  return { straightness: deviation / count, relative: deviation / magnitude, samples: Float32Array.from(x) };
}

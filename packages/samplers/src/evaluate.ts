import { coefficientsAt, type NoiseLevel, predictionToX0AndEpsilon } from '@latentlab/schedules';
import type { SamplerOptions } from './types.js';

/** The clean-sample and noise estimates at one level. */
export interface Estimate {
  x0: Float64Array;
  epsilon: Float64Array;
}

/** Stops the loop as `AbortSignal` users expect: throws the signal's reason (an AbortError by default). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason ?? new DOMException('sampling was aborted', 'AbortError');
}

/**
 * Calls the model at `level` and converts its prediction to (x̂₀, ε̂). The state is kept in float64 between
 * steps; the model sees float32.
 */
export async function estimate<C>(
  options: SamplerOptions<C>,
  x: Float64Array,
  level: NoiseLevel,
): Promise<Estimate> {
  throwIfAborted(options.signal);
  const input = Float32Array.from(x);
  const prediction = await options.model({
    x: input,
    shape: options.shape,
    t: level.t,
    condition: options.condition,
  });
  if (prediction.length !== x.length) {
    throw new RangeError(
      `the model returned ${prediction.length} values for ${x.length} inputs (shape [${options.shape.join(', ')}])`,
    );
  }
  const { x0, epsilon } = predictionToX0AndEpsilon(
    Float64Array.from(prediction),
    options.target,
    x,
    coefficientsAt(options.process, level.t),
  );
  if (options.clipDenoised) {
    // As diffusers' clip_sample: the clean estimate is clamped, the noise estimate kept.
    const [low, high] = options.clipDenoised;
    for (let k = 0; k < x0.length; k++) x0[k] = Math.min(high, Math.max(low, x0[k]!));
  }
  return { x0, epsilon };
}

/** Checks the shared options once, before any model call. */
export function validateOptions<C>(options: SamplerOptions<C>, sampler: string): void {
  const clip = options.clipDenoised;
  if (clip && !(clip.length === 2 && clip[0] < clip[1])) {
    throw new RangeError(
      `${sampler}: clipDenoised [${clip.join(', ')}]; expected [low, high] with low < high`,
    );
  }
  const size = options.shape.reduce((product, dim) => product * dim, 1);
  if (options.x.length !== size) {
    throw new RangeError(
      `${sampler}: x has ${options.x.length} values, shape [${options.shape.join(', ')}] needs ${size}`,
    );
  }
  if (options.levels.length < 2) {
    throw new RangeError(
      `${sampler}: needs at least two noise levels (one step), got ${options.levels.length}`,
    );
  }
}

export function reportStep<C>(
  options: SamplerOptions<C>,
  step: number,
  level: NoiseLevel,
  x: Float64Array,
  x0: Float64Array,
): void {
  options.onStep?.({
    step,
    steps: options.levels.length - 1,
    t: level.t,
    x: Float32Array.from(x),
    x0: Float32Array.from(x0),
  });
}

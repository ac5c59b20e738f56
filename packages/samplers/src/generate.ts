import type { NoiseProcess, PredictionTarget } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { type GuidanceOptions, withGuidance } from './guidance.js';
import { initialNoise, type LevelOptions, samplingLevels } from './levels.js';
import { type SamplerName, samplerByName } from './registry.js';
import type { Denoiser, SamplerProgress } from './types.js';

export interface GenerateOptions<C> extends LevelOptions {
  process: NoiseProcess;
  model: Denoiser<C>;
  target: PredictionTarget;
  condition: C;
  /** (B, …) */
  shape: readonly number[];
  sampler?: SamplerName;
  /** Seeds the starting noise and any stochastic sampler: the same seed gives the same samples. */
  seed: number;
  eta?: number;
  /** See `SamplerOptions.clipDenoised`. */
  clipDenoised?: readonly [number, number];
  guidance?: GuidanceOptions<C>;
  onStep?: (progress: SamplerProgress) => void;
  /** Hears the starting noise (B, …) before the first step (reflow records its couplings). */
  onStart?: (x: Float32Array) => void;
  signal?: AbortSignal;
}

/**
 * Noise → samples in one call: levels from `steps`/`spacing`, the starting noise from `seed`, optional
 * classifier-free guidance, then the chosen sampler (default Euler).
 */
export function generate<C>(options: GenerateOptions<C>): Promise<Float32Array> {
  const levels = samplingLevels(options.process, options);
  const rng = createRng(options.seed);
  const size = options.shape.reduce((product, dim) => product * dim, 1);
  const x = initialNoise(levels[0]!, size, (n) => rng.normal(n));
  options.onStart?.(Float32Array.from(x));
  const model = options.guidance ? withGuidance(options.model, options.guidance) : options.model;
  return samplerByName(options.sampler ?? 'euler')({
    process: options.process,
    model,
    target: options.target,
    condition: options.condition,
    shape: options.shape,
    levels,
    x,
    rng,
    eta: options.eta,
    ...(options.clipDenoised ? { clipDenoised: options.clipDenoised } : {}),
    onStep: options.onStep,
    signal: options.signal,
  });
}

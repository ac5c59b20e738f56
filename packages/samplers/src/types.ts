import type { NoiseLevel, NoiseProcess, PredictionTarget } from '@latentlab/schedules';
import type { Rng } from '@latentlab/tensor';

/** What the sampler hands the network at each evaluation. */
export interface DenoiserInput<C> {
  /** The current samples, row-major, `shape` = (B, …). */
  x: Float32Array;
  shape: readonly number[];
  /** The process time all B samples are at. */
  t: number;
  condition: C;
}

/**
 * The network, framework-free: tfjs in Node, onnxruntime-node in the CLI and onnxruntime-web in the browser
 * all fit behind this one async callback. Returns the prediction of the model's `target`, same layout as `x`.
 */
export type Denoiser<C> = (input: DenoiserInput<C>) => Promise<Float32Array>;

/** Reported after every step, for progress bars and previews. */
export interface SamplerProgress {
  /** 1-based index of the step just finished. */
  step: number;
  steps: number;
  /** The time the samples are now at. */
  t: number;
  x: Float32Array;
  /** The latest estimate of the clean samples x̂₀. */
  x0: Float32Array;
}

export interface SamplerOptions<C> {
  process: NoiseProcess;
  model: Denoiser<C>;
  target: PredictionTarget;
  condition: C;
  /** (B, …) */
  shape: readonly number[];
  /** The path of noise levels, noisiest first (see `samplingLevels`); `x` starts at `levels[0]`. */
  levels: readonly NoiseLevel[];
  /** The starting samples at `levels[0]` (e.g. `initialNoise(levels[0], shape, rng)`). Not modified. */
  x: Float32Array;
  /** Randomness for stochastic samplers (ancestral, DDIM with η > 0). */
  rng?: Rng;
  /** Stochasticity η of DDIM / Euler-ancestral: 0 = deterministic ODE, 1 = ancestral (DDPM-like). */
  eta?: number;
  /**
   * Clamp every estimate x̂₀ to [low, high] before it is used (diffusers' `clip_sample`; Ho et al. 2020's
   * sampler clips to the data range [−1, 1]). It keeps ε-prediction near zero SNR from blowing up: there
   * x̂₀ = (x − σ·ε̂)/α divides the error of ε̂ by a tiny α. Off by default.
   */
  clipDenoised?: readonly [number, number];
  onStep?: (progress: SamplerProgress) => void;
  signal?: AbortSignal;
}

/** A sampler: integrates from `levels[0]` to the last level and returns the final samples. */
export type Sampler = <C>(options: SamplerOptions<C>) => Promise<Float32Array>;

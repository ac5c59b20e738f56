import {
  type Denoiser,
  euler,
  heunAngle,
  initialNoise,
  type Sampler,
  samplingLevels,
} from '@latentlab/samplers';
import { type NoiseProcess, noiseLevel, type PredictionTarget } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';

/** The two ODE samplers the Learn tab compares. */
export type TrajectorySampler = 'euler' | 'heun';

// Rectified flow starts at α = 0, where Karras's Alg. 1 (`heun`, a trapezoid in σ/α) has no finite first
// step and takes an Euler step; the same trapezoid in the angle φ = arctan(σ/α) is second order from there.
const SAMPLERS: Record<TrajectorySampler, Sampler> = { euler, heun: heunAngle };

export interface TrajectoryRequest<C> {
  process: NoiseProcess;
  model: Denoiser<C>;
  target: PredictionTarget;
  condition: C;
  /** (N, 2) the starting points at the noisiest level. */
  noise: Float32Array;
  steps: number;
  sampler: TrajectorySampler;
}

/** Every intermediate state of N 2-D samples. */
export interface Trajectories {
  /** (S + 1) process time of each frame, noisiest first; the last is the data (σ = 0). */
  times: number[];
  /** (S + 1) × (N, 2): frame 0 is the noise, frame S the samples. */
  frames: Float32Array[];
  /** Model evaluations the sampler made (Euler: S, Heun: 2S − 1). */
  evaluations: number;
}

/** N points of N(0, σ_max²·I) at the process's noisiest time, from a seed (the same seed, the same points). */
export function startingNoise(process: NoiseProcess, count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return initialNoise(noiseLevel(process, process.tMax), 2 * count, (n) => rng.normal(n));
}

/**
 * Runs the samplers package's Euler or Heun on linspace levels and collects the state after every step
 * (`onStep`), so the whole path from noise to data can be drawn.
 */
export async function sampleTrajectories<C>(request: TrajectoryRequest<C>): Promise<Trajectories> {
  const levels = samplingLevels(request.process, { steps: request.steps });
  const frames: Float32Array[] = [Float32Array.from(request.noise)];
  const times = [levels[0]!.t];
  let evaluations = 0;
  const countedModel: Denoiser<C> = (input) => {
    evaluations++;
    return request.model(input);
  };
  await SAMPLERS[request.sampler]({
    process: request.process,
    model: countedModel,
    target: request.target,
    condition: request.condition,
    shape: [request.noise.length / 2, 2], // (N, 2)
    levels,
    x: request.noise,
    onStep: ({ x, t }) => {
      frames.push(Float32Array.from(x));
      times.push(t);
    },
  });
  return { times, frames, evaluations };
}

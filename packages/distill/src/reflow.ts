import {
  coefficientsAt,
  type NoiseProcess,
  type PredictionTarget,
  x0AndEpsilonToPrediction,
} from '@latentlab/schedules';
import { type Tensor, tensor } from '@latentlab/tensor';
import type { Objective, TrainingTimes } from '@latentlab/train';

/**
 * A reflow coupling: each example is a (noise, sample) pair from the teacher's ODE, stored as one example of
 * shape (2, …) — noise first — so the ordinary labelled batches shuffle pairs together.
 */
export interface ReflowBatch {
  pairs: Tensor<'float32'>; // (B, 2, …)
  labels?: Tensor<'int32'>; // (B)
}

/** Interleaves N noises and N samples (each N × size values) into N pairs (N, 2, …). */
export function pairExamples(noise: Float32Array, samples: Float32Array, count: number): Float32Array {
  const size = noise.length / count;
  if (samples.length !== noise.length || !Number.isInteger(size)) {
    throw new RangeError(
      `reflow: ${noise.length} noise and ${samples.length} sample values for ${count} pairs`,
    );
  }
  const pairs = new Float32Array(2 * noise.length);
  for (let row = 0; row < count; row++) {
    pairs.set(noise.subarray(row * size, (row + 1) * size), 2 * row * size);
    pairs.set(samples.subarray(row * size, (row + 1) * size), (2 * row + 1) * size);
  }
  return pairs;
}

export interface ReflowOptions {
  process: NoiseProcess;
  target: PredictionTarget;
  times: TrainingTimes;
  inputNames?: { sample?: string; time?: string; label?: string };
  outputName?: string;
}

/**
 * Reflow (Liu et al. 2022, "Flow Straight and Fast", §2.2, eq. 1 on the coupling (Z₀, Z₁) of the teacher's
 * ODE): the diffusion objective with the pair's noise in place of fresh noise,
 *   x_t = α_t·x + σ_t·z,  target(x, z, t),
 * so the student learns the straight interpolation between the ends its teacher connects. Times from `times`.
 */
export function reflowObjective(options: ReflowOptions): Objective<ReflowBatch> {
  const names = { sample: 'x', time: 't', label: 'y', ...options.inputNames };
  return {
    name: `reflow(${options.process.name}, ${options.target})`,
    loss({ ops, forward, rng }, batch) {
      const [count, two, ...sampleShape] = batch.pairs.shape as [number, number, ...number[]];
      if (two !== 2)
        throw new RangeError(`reflow: pairs of shape [${batch.pairs.shape.join(', ')}]; expected (B, 2, …)`);
      const size = sampleShape.reduce((a, b) => a * b, 1);
      const times = options.times.sample(rng, count);
      const noisy = new Float32Array(count * size);
      const target = new Float32Array(count * size);
      for (let row = 0; row < count; row++) {
        const noise = batch.pairs.data.subarray(2 * row * size, (2 * row + 1) * size);
        const sample = batch.pairs.data.subarray((2 * row + 1) * size, (2 * row + 2) * size);
        const coefficients = coefficientsAt(options.process, times[row]!);
        for (let k = 0; k < size; k++) {
          noisy[row * size + k] = coefficients.alpha * sample[k]! + coefficients.sigma * noise[k]!;
        }
        target.set(x0AndEpsilonToPrediction(sample, noise, options.target, coefficients), row * size);
      }
      const inputs: Record<string, ReturnType<typeof ops.constant>> = {
        [names.sample]: ops.constant(tensor(noisy, [count, ...sampleShape])),
        [names.time]: ops.constant(tensor(times, [count])),
      };
      if (batch.labels) inputs[names.label] = ops.constant(tensor(batch.labels.data, [count], 'int32'));
      const prediction = forward(inputs)[options.outputName ?? 'output'];
      if (prediction === undefined)
        throw new RangeError(`reflow: the model has no output '${options.outputName ?? 'output'}'`);
      const difference = ops.sub(prediction, ops.constant(tensor(target, [count, ...sampleShape])));
      return { loss: ops.mean(ops.square(difference)) };
    },
  };
}

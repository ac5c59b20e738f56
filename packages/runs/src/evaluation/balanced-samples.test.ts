import type { Denoiser } from '@latentlab/samplers';
import { rectifiedFlow } from '@latentlab/schedules';
import { describe, expect, it } from 'vitest';
import { classSamples } from '../sampling/class-samples.js';
import { balancedSamples } from './balanced-samples.js';

/** A stand-in model whose velocity depends on the sample and its label, so labels and noise both show. */
const labelledVelocity: Denoiser<Int32Array> = async ({ x, shape, condition }) => {
  const size = x.length / shape[0]!;
  return x.map((value, index) => 0.5 * value + condition[Math.floor(index / size)]!);
};

const request = {
  model: labelledVelocity,
  denoising: { process: rectifiedFlow(), target: 'velocity', nullClass: 4 },
  sampleShape: [3],
  classes: 4,
  perClass: 3,
  steps: 2,
  sampler: 'euler',
  guidanceScale: 1,
  seed: 11,
} as const;

describe('balancedSamples', () => {
  it('draws perClass samples of each class, class by class', async () => {
    const { samples, labels } = await balancedSamples({ ...request, batchSize: 100 });
    expect([...labels]).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(samples.length).toBe(12 * 3);
    expect(samples.every(Number.isFinite)).toBe(true);
  });

  it('seeds batch 0 with the seed itself and later batches with their own streams', async () => {
    const whole = await balancedSamples({ ...request, batchSize: 12 });
    const direct = await classSamples({ ...request, rows: [0, 1, 2, 3], perRow: 3 });
    expect(whole.samples).toEqual(direct.samples);
    const batched = await balancedSamples({ ...request, batchSize: 5 });
    expect([...batched.labels]).toEqual([...whole.labels]);
    expect(batched.samples.subarray(0, 5 * 3)).toEqual(whole.samples.subarray(0, 5 * 3));
    expect(batched.samples.subarray(5 * 3)).not.toEqual(whole.samples.subarray(5 * 3));
    const again = await balancedSamples({ ...request, batchSize: 5 });
    expect(again.samples).toEqual(batched.samples);
    // Batches 1 and 2 do not repeat batch 0's noise.
    const noiseOnly = await balancedSamples({ ...request, classes: 1, perClass: 10, batchSize: 5 });
    expect(noiseOnly.samples.subarray(0, 15)).not.toEqual(noiseOnly.samples.subarray(15, 30));
  });
});

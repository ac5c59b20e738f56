import { rectifiedFlow } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { flowBatch } from './flow-batch.js';
import { DEFAULT_SETTINGS, learningRateAt } from './settings.js';

const data = {
  examples: Float32Array.from({ length: 4 * 3 }, (_, index) => index / 10 - 0.5), // (4, 3)
  labels: Int32Array.of(0, 1, 2, 1),
  count: 4,
  exampleSize: 3,
};

describe('flowBatch', () => {
  it('builds x_t = (1 − t)·x₀ + t·ε and the target ε − x₀ from the step rng', () => {
    const indices = Int32Array.of(2, 0);
    const settings = { classes: 3, labelDropout: 0, timeMean: 0, timeStd: 1 };
    const batch = flowBatch(rectifiedFlow(), data, indices, createRng(3).split(9), settings);
    const again = flowBatch(rectifiedFlow(), data, indices, createRng(3).split(9), settings);
    expect(again).toEqual(batch);
    expect(Array.from(batch.labels)).toEqual([2, 0]);
    for (let row = 0; row < 2; row++) {
      const t = batch.times[row]!;
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(1);
      for (let k = 0; k < 3; k++) {
        const x0 = data.examples[indices[row]! * 3 + k]!;
        const epsilon = batch.velocity[row * 3 + k]! + x0;
        expect(batch.noisy[row * 3 + k]).toBeCloseTo((1 - t) * x0 + t * epsilon, 5);
      }
    }
  });

  it('replaces every label with the null class at dropout 1', () => {
    const batch = flowBatch(rectifiedFlow(), data, Int32Array.of(0, 1, 2, 3), createRng(0), {
      classes: 3,
      labelDropout: 1,
      timeMean: 0,
      timeStd: 1,
    });
    expect(Array.from(batch.labels)).toEqual([3, 3, 3, 3]);
  });
});

describe('learningRateAt', () => {
  it('warms up linearly, then stays constant', () => {
    const settings = { ...DEFAULT_SETTINGS, recipe: 'rf-mlp-moons', learningRate: 1e-3, warmupSteps: 4 };
    expect([1, 2, 4, 10].map((step) => learningRateAt(settings, step))).toEqual([2.5e-4, 5e-4, 1e-3, 1e-3]);
  });
});

import { describe, expect, it } from 'vitest';
import { constantLearningRate, linearWarmup, warmupCosine } from './learning-rate.js';

describe('learning-rate schedules', () => {
  it('constant: the same rate at every step', () => {
    expect([1, 10, 1e6].map(constantLearningRate(3e-4))).toEqual([3e-4, 3e-4, 3e-4]);
  });

  it('linear warm-up: rate·step/W up to W, then constant (the CLI schedule before fit, to the bit)', () => {
    expect([1, 2, 4, 10].map(linearWarmup(1e-3, 4))).toEqual([2.5e-4, 5e-4, 1e-3, 1e-3]);
    expect([1, 7].map(linearWarmup(2e-3, 0))).toEqual([2e-3, 2e-3]);
    for (const step of [1, 37, 99, 100, 150]) {
      expect(linearWarmup(2e-3, 100)(step)).toBe(2e-3 * Math.min(1, step / 100));
    }
  });

  it('warm-up + cosine: peak at W, half-way between peak and final at the middle, final at the end', () => {
    const schedule = warmupCosine({ peak: 1e-3, warmupSteps: 10, totalSteps: 110, final: 1e-4 });
    expect(schedule(5)).toBeCloseTo(5e-4, 15);
    expect(schedule(10)).toBeCloseTo(1e-3, 15);
    expect(schedule(60)).toBeCloseTo(5.5e-4, 15); // cos(π/2) = 0
    expect(schedule(35)).toBeCloseTo(1e-4 + 0.45e-3 * (1 + Math.cos(Math.PI / 4)), 15);
    expect(schedule(110)).toBeCloseTo(1e-4, 15);
    expect(schedule(500)).toBeCloseTo(1e-4, 15);
  });

  it('refuses rates and step counts that make no schedule', () => {
    expect(() => constantLearningRate(-1)).toThrow(
      'constantLearningRate: learning rate -1; expected a finite number > 0',
    );
    expect(() => linearWarmup(1e-3, 2.5)).toThrow('linearWarmup: warmupSteps 2.5; expected an integer ≥ 0');
    expect(() => warmupCosine({ peak: 1e-3, warmupSteps: 10, totalSteps: 10 })).toThrow(
      'warmupCosine: totalSteps 10; expected an integer > warmupSteps (10)',
    );
  });
});

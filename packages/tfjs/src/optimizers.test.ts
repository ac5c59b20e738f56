import { tensor } from '@latentlab/tensor';
import { nativeAddon } from '@latentlab/tfjs-native';
import { describe, expect, it, vi } from 'vitest';
import { AdamW } from './adamw.js';
import { useBackend } from './backend.js';
import { ExponentialMovingAverage } from './ema.js';
import { clipGradientNorm, lossAndGradients } from './gradients.js';
import { tf } from './tf.js';
import { TrainableParams } from './trainable-params.js';

const close = (actual: ArrayLike<number>, expected: number[], tolerance = 1e-6) => {
  expect(actual.length).toBe(expected.length);
  for (const [i, value] of expected.entries()) expect(actual[i]).toBeCloseTo(value, -Math.log10(tolerance));
};

/**
 * Runs `run` on the cpu backend and on the native backend, where the addon's `fusedFunction` must be called
 * `calls` times, and expects the two results to be identical to the bit.
 */
async function expectFusedOnNativeAsOnCpu<T>(
  run: () => T,
  fusedFunction: 'adamWUpdate' | 'emaUpdate',
  calls: number,
): Promise<void> {
  await useBackend('cpu');
  const onCpu = run();
  await useBackend('native');
  const fused = vi.spyOn(nativeAddon()!, fusedFunction);
  try {
    const onNative = run();
    expect(fused).toHaveBeenCalledTimes(calls);
    expect(onNative).toEqual(onCpu);
  } finally {
    fused.mockRestore();
    await useBackend('cpu');
  }
}

describe('AdamW', () => {
  it('matches the closed-form updates of Loshchilov & Hutter, Algorithm 2, over three steps', () => {
    const params = new TrainableParams(new Map([['w', tensor([1, -2, 0.5], [3])]]));
    const optimizer = new AdamW(params, {
      learningRate: 0.1,
      beta1: 0.9,
      beta2: 0.99,
      epsilon: 1e-8,
      weightDecay: 0.05,
    });
    // Plain-JS reference of the same algorithm in float64.
    let theta = [1, -2, 0.5];
    let m = [0, 0, 0];
    let v = [0, 0, 0];
    const gradientsPerStep = [
      [0.3, -1, 2],
      [0.1, 0.4, -0.5],
      [-0.2, 0.2, 0.7],
    ];
    gradientsPerStep.forEach((g, index) => {
      const t = index + 1;
      m = m.map((value, i) => 0.9 * value + 0.1 * (g[i] as number));
      v = v.map((value, i) => 0.99 * value + 0.01 * (g[i] as number) ** 2);
      theta = theta.map((value, i) => {
        const mHat = (m[i] as number) / (1 - 0.9 ** t);
        const vHat = (v[i] as number) / (1 - 0.99 ** t);
        return value - 0.1 * (mHat / (Math.sqrt(vHat) + 1e-8) + 0.05 * value);
      });
      optimizer.apply(new Map([['w', tf.tensor1d(g)]]));
    });
    close((params.variables.get('w') as tf.Variable).dataSync(), theta, 1e-5);
  });

  it('runs one fused kernel per parameter on the native backend, bit-identical to the cpu backend', async () => {
    // Five steps with decay on two parameters; gradients of several magnitudes so ε matters somewhere.
    const run = () => {
      const params = new TrainableParams(
        new Map([
          ['w', tensor([0.5, -1.25, 3, 1e-3, -7], [5])],
          ['b', tensor([0.1, 0.2], [2])],
        ]),
      );
      const optimizer = new AdamW(params, { learningRate: 0.01, weightDecay: 0.1 });
      for (let step = 1; step <= 5; step++) {
        optimizer.apply(
          new Map([
            ['w', tf.tensor1d([0.3, -1e-6, 2, 1e-9, -0.7].map((g) => g * step))],
            ['b', tf.tensor1d([1e3, -1e-4])],
          ]),
        );
      }
      const store = params.toStore();
      const { firstMoments, secondMoments } = optimizer.state();
      optimizer.dispose();
      return [store, firstMoments, secondMoments].map((values) =>
        ['w', 'b'].map((name) => Array.from(values.get(name)?.data ?? [])),
      );
    };
    await expectFusedOnNativeAsOnCpu(run, 'adamWUpdate', 10);
  });

  it('round-trips its state so a resumed optimizer continues identically', () => {
    const make = () => new TrainableParams(new Map([['w', tensor([0.5, 1.5], [2])]]));
    const a = make();
    const optimizerA = new AdamW(a, { learningRate: 0.01 });
    optimizerA.apply(new Map([['w', tf.tensor1d([1, -1])]]));
    const b = make();
    b.assign(a.toStore());
    const optimizerB = new AdamW(b, { learningRate: 0.01 });
    optimizerB.loadState(optimizerA.state());
    optimizerA.apply(new Map([['w', tf.tensor1d([0.3, 0.2])]]));
    optimizerB.apply(new Map([['w', tf.tensor1d([0.3, 0.2])]]));
    expect(Array.from(b.toStore().get('w')?.data ?? [])).toEqual(
      Array.from(a.toStore().get('w')?.data ?? []),
    );
    expect(optimizerB.step).toBe(2);
  });
});

describe('lossAndGradients and clipGradientNorm', () => {
  it('returns the gradient of a quadratic by parameter name', () => {
    const params = new TrainableParams(new Map([['w', tensor([1, 2, 3], [3])]]));
    const w = params.variables.get('w') as tf.Variable;
    const { loss, gradients } = lossAndGradients(params, () => tf.sum(tf.square(w)) as tf.Scalar);
    expect(loss).toBeCloseTo(14, 5);
    close((gradients.get('w') as tf.Tensor).dataSync(), [2, 4, 6]);
  });

  it('scales gradients down to the max global norm and reports the norm before clipping', () => {
    const gradients = new Map([
      ['a', tf.tensor1d([3, 0])],
      ['b', tf.tensor1d([4])],
    ]);
    expect(clipGradientNorm(gradients, 1)).toBeCloseTo(5, 5);
    close((gradients.get('a') as tf.Tensor).dataSync(), [0.6, 0], 1e-5);
    close((gradients.get('b') as tf.Tensor).dataSync(), [0.8], 1e-5);
    expect(clipGradientNorm(gradients, 10)).toBeCloseTo(1, 4);
  });
});

describe('ExponentialMovingAverage', () => {
  it('follows θ̄ ← d·θ̄ + (1 − d)·θ', () => {
    const params = new TrainableParams(new Map([['w', tensor([0], [1])]]));
    const ema = new ExponentialMovingAverage(params, 0.9);
    const w = params.variables.get('w') as tf.Variable;
    let expected = 0;
    for (const value of [1, 2, 3]) {
      w.assign(tf.tensor1d([value]));
      ema.update();
      expected = 0.9 * expected + 0.1 * value;
    }
    close(ema.toStore().get('w')?.data ?? [], [expected], 1e-6);
  });

  it('runs one fused kernel per parameter on the native backend, bit-identical to the cpu backend', async () => {
    const run = () => {
      const params = new TrainableParams(new Map([['w', tensor([0.25, -3, 1e-4], [3])]]));
      const ema = new ExponentialMovingAverage(params, 0.999);
      const w = params.variables.get('w') as tf.Variable;
      for (let step = 1; step <= 6; step++) {
        w.assign(tf.tensor1d([0.1 * step, -3 + 1e-3 * step, 1 / step]));
        ema.update(step);
      }
      const values = Array.from(ema.toStore().get('w')?.data ?? []);
      ema.dispose();
      return values;
    };
    await expectFusedOnNativeAsOnCpu(run, 'emaUpdate', 6);
  });

  it('warms the decay up as min(decay, (1 + n) / (10 + n)) when given the optimizer step', () => {
    const params = new TrainableParams(new Map([['w', tensor([0], [1])]]));
    const ema = new ExponentialMovingAverage(params, 0.999);
    expect(ema.decayAt(1)).toBeCloseTo(2 / 11, 12);
    expect(ema.decayAt(100)).toBeCloseTo(101 / 110, 12);
    expect(ema.decayAt(100_000)).toBe(0.999);
    const w = params.variables.get('w') as tf.Variable;
    let expected = 0;
    for (const [step, value] of [1, 5, -2, 7].entries()) {
      w.assign(tf.tensor1d([value]));
      ema.update(step + 1);
      const decay = Math.min(0.999, (2 + step) / (11 + step));
      expected = decay * expected + (1 - decay) * value;
    }
    close(ema.toStore().get('w')?.data ?? [], [expected], 1e-6);
  });
});

import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { fusedAdamWUpdate } from '../fused-ops.js';
import { seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';
import { ADAMW_UPDATE_KERNEL, type AdamWUpdateAttrs } from './adamw.js';

const registration = registerNativeBackend();

function coefficients(step: number, weightDecay: number): AdamWUpdateAttrs {
  const beta1 = 0.9;
  const beta2 = 0.999;
  return {
    beta1,
    oneMinusBeta1: 1 - beta1,
    beta2,
    oneMinusBeta2: 1 - beta2,
    correction1: 1 - beta1 ** step,
    correction2: 1 - beta2 ** step,
    epsilon: 1e-8,
    weightDecay,
    learningRate: 3e-3,
  };
}

/** The same step as fourteen tfjs kernels (the form @latentlab/tfjs's AdamW uses off the native backend). */
function compositeStep(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, c: AdamWUpdateAttrs) {
  const newM = tf.add(tf.mul(m, c.beta1), tf.mul(g, c.oneMinusBeta1));
  const newV = tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(g), c.oneMinusBeta2));
  const update = tf.div(tf.div(newM, c.correction1), tf.add(tf.sqrt(tf.div(newV, c.correction2)), c.epsilon));
  const decayed = c.weightDecay ? tf.add(update, tf.mul(p, c.weightDecay)) : update;
  return { parameter: tf.sub(p, tf.mul(decayed, c.learningRate)), firstMoment: newM, secondMoment: newV };
}

/** Runs `steps` AdamW steps on `backend` with seeded gradients; returns the final parameter and moments. */
async function train(backend: string, fused: boolean, size: number, steps: number, weightDecay: number) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    let state = {
      parameter: tf.tensor(seededValues(size, 1)),
      firstMoment: tf.zeros([size]),
      secondMoment: tf.zeros([size]),
    };
    for (let step = 1; step <= steps; step++) {
      // Gradients spanning many magnitudes, so small second moments and the ε term both matter.
      const gradient = tf.mul(tf.tensor(seededValues(size, 100 + step)), 10 ** ((step % 5) - 3));
      const c = coefficients(step, weightDecay);
      const { parameter, firstMoment, secondMoment } = state;
      state = fused
        ? fusedAdamWUpdate(parameter, gradient, firstMoment, secondMoment, c)!
        : compositeStep(parameter, gradient, firstMoment, secondMoment, c);
    }
    return [state.parameter, state.firstMoment, state.secondMoment].map((tensor) =>
      Array.from(tensor.dataSync()),
    );
  });
}

describe('fused AdamW step', () => {
  it('is registered on the native backend only', async () => {
    expect(registration.nativeKernels).toContain(ADAMW_UPDATE_KERNEL);
    await tf.setBackend('cpu');
    const x = tf.ones([2]);
    expect(fusedAdamWUpdate(x, x, x, x, coefficients(1, 0))).toBeNull();
    x.dispose();
  });

  it('is bit-identical to the composite kernels on cpu over 12 steps, with and without weight decay', async () => {
    for (const weightDecay of [0, 0.01]) {
      for (const size of [1, 7, 1031, 20_011]) {
        const expected = await train('cpu', false, size, 12, weightDecay);
        const fused = await train('latentlab-native', true, size, 12, weightDecay);
        const composite = await train('latentlab-native', false, size, 12, weightDecay);
        expect(fused, `size ${size}, decay ${weightDecay}`).toEqual(expected);
        expect(composite, `size ${size}, decay ${weightDecay}`).toEqual(expected);
      }
    }
  }, 30_000);

  it('keeps the parameter shape and rejects inputs of different sizes', async () => {
    await tf.setBackend('latentlab-native');
    const p = tf.ones([3, 5]);
    const result = fusedAdamWUpdate(
      p,
      tf.ones([3, 5]),
      tf.zeros([3, 5]),
      tf.zeros([3, 5]),
      coefficients(1, 0),
    )!;
    expect(result.parameter.shape).toEqual([3, 5]);
    expect(result.secondMoment.shape).toEqual([3, 5]);
    expect(() =>
      fusedAdamWUpdate(p, tf.ones([4]), tf.zeros([3, 5]), tf.zeros([3, 5]), coefficients(1, 0)),
    ).toThrow("LatentlabAdamWUpdate: 'gradient' has 4 values, the parameter 15");
  });
});

import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from '../backend.js';
import { fusedEmaUpdate } from '../fused-ops.js';
import { seededValues } from '../test-support/compare.js';
import { tf } from '../tfjs.js';
import { EMA_UPDATE_KERNEL } from './ema-update.js';

const registration = registerNativeBackend();

/** `steps` EMA steps with the warm-up decay over seeded parameters on `backend`, fused or as three kernels. */
async function average(backend: string, fused: boolean, size: number, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    let mean = tf.tensor(seededValues(size, 7));
    for (let step = 1; step <= steps; step++) {
      const parameter = tf.tensor(seededValues(size, 20 + step));
      const decay = Math.min(0.999, (1 + step) / (10 + step));
      const attrs = { decay, oneMinusDecay: 1 - decay };
      mean = fused
        ? fusedEmaUpdate(mean, parameter, attrs)!
        : tf.add(tf.mul(mean, attrs.decay), tf.mul(parameter, attrs.oneMinusDecay));
    }
    return Array.from(mean.dataSync());
  });
}

describe('fused EMA step', () => {
  it('is registered on the native backend only', async () => {
    expect(registration.nativeKernels).toContain(EMA_UPDATE_KERNEL);
    await tf.setBackend('cpu');
    const x = tf.ones([2]);
    expect(fusedEmaUpdate(x, x, { decay: 0.9, oneMinusDecay: 0.1 })).toBeNull();
    x.dispose();
  });

  it('is bit-identical to the three cpu kernels over 15 warm-up steps', async () => {
    for (const size of [1, 9, 40_003]) {
      const expected = await average('cpu', false, size, 15);
      expect(await average('latentlab-native', true, size, 15), `size ${size}`).toEqual(expected);
    }
  });

  it('rejects a parameter of another size', async () => {
    await tf.setBackend('latentlab-native');
    expect(() => fusedEmaUpdate(tf.ones([3]), tf.ones([4]), { decay: 0.9, oneMinusDecay: 0.1 })).toThrow(
      "LatentlabEmaUpdate: 'parameter' has 4 values, the average 3",
    );
  });
});

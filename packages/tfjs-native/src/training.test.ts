import { describe, expect, it } from 'vitest';
import { registerNativeBackend } from './backend.js';
import { seededValues } from './test-support/compare.js';
import { tf } from './tfjs.js';

registerNativeBackend();

/** 50 Adam steps of a 2-layer MLP (16 → 64 → 4, relu, fused bias) regressing fixed targets; the losses. */
async function trainingLosses(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const inputs = tf.tensor(seededValues(64 * 16, 1), [64, 16]);
  const targets = tf.tensor(seededValues(64 * 4, 2), [64, 4]);
  const w1 = tf.variable(tf.tensor(seededValues(16 * 64, 3), [16, 64]).mul(0.25));
  const b1 = tf.variable(tf.zeros([64]));
  const w2 = tf.variable(tf.tensor(seededValues(64 * 4, 4), [64, 4]).mul(0.125));
  const b2 = tf.variable(tf.zeros([4]));
  const optimizer = tf.train.adam(1e-2);
  const losses: number[] = [];
  for (let step = 0; step < 50; step++) {
    const loss = optimizer.minimize(() => {
      const hidden = tf.fused.matMul({ a: inputs, b: w1, bias: b1, activation: 'relu' }); // (64, 64)
      const output = tf.matMul(hidden, w2).add(b2); // (64, 4)
      return tf.losses.meanSquaredError(targets, output) as tf.Scalar;
    }, true)!;
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  tf.dispose([inputs, targets, w1, b1, w2, b2]);
  optimizer.dispose();
  return losses;
}

describe('training on the native backend', () => {
  it('gives the cpu backend losses within float32 noise', async () => {
    const cpuLosses = await trainingLosses('cpu');
    const nativeLosses = await trainingLosses('latentlab-native');
    const maxDifference = Math.max(...cpuLosses.map((loss, step) => Math.abs(loss - nativeLosses[step]!)));
    console.info(
      `MLP 50 Adam steps: loss ${cpuLosses[0]} → ${cpuLosses[49]}, max |native − cpu| = ${maxDifference}`,
    );
    expect(cpuLosses[49]!).toBeLessThan(cpuLosses[0]! * 0.5);
    expect(maxDifference).toBeLessThanOrEqual(1e-5 * Math.max(1, cpuLosses[0]!));
  });
});

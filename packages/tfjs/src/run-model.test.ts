import type { ModelFunction } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { runModel } from './run-model.js';
import { tf } from './tf.js';

/** y = relu(x·w + b) · 2, named outputs: several intermediates per call. */
const model: ModelFunction = (ops, params, inputs) => {
  const hidden = ops.relu(ops.add(ops.matmul(inputs['x']!, params.get('w')), params.get('b')));
  return { y: ops.mul(hidden, ops.scalar(2)), hidden };
};

describe('runModel', () => {
  it('returns its outputs and leaves no intermediate tensor behind', () => {
    const w = tf.tensor2d([
      [1, -1],
      [2, 0.5],
    ]);
    const b = tf.tensor1d([0.5, -3]);
    const x = tf.tensor2d([[1, 2]]);
    const params = { get: (name: string) => ({ w, b })[name as 'w' | 'b']! } as never;
    const before = tf.memory().numTensors;
    const outputs = runModel(model, params, { x });
    // outputs only: the sum, the relu's input and the scalar are gone
    expect(tf.memory().numTensors).toBe(before + 2);
    expect([...outputs['hidden']!.dataSync()]).toEqual([5.5, 0]);
    expect([...outputs['y']!.dataSync()]).toEqual([11, 0]);
    for (const output of Object.values(outputs)) output.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const tensor of [w, b, x]) expect(tensor.isDisposed).toBe(false);
  });
});

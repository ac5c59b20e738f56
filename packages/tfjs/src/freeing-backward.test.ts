import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';
import { freeingVariableGrads } from './freeing-backward.js';
import { tf } from './tf.js';
import { tfjsOps } from './tfjs-ops.js';

/**
 * Live bytes counted per data buffer (tf.memory().numBytes counts every tensor, so views and the clones
 * tfjs saves for gradients count twice): the engine's trackTensor / removeDataId, watched.
 */
function watchLiveBytes(): { peak(): number; reset(): void; stop(): void } {
  const engine = tf.engine() as unknown as {
    state: { tensorInfo: WeakMap<object, { bytes: number }> };
    trackTensor(tensor: tf.Tensor, backend: unknown): void;
    removeDataId(dataId: object, backend: unknown): void;
  };
  const { trackTensor, removeDataId } = engine;
  let live = 0;
  let peak = 0;
  engine.trackTensor = (tensor, backend) => {
    const fresh = !engine.state.tensorInfo.has(tensor.dataId);
    trackTensor.call(engine, tensor, backend);
    if (fresh) live += engine.state.tensorInfo.get(tensor.dataId)!.bytes;
    peak = Math.max(peak, live);
  };
  engine.removeDataId = (dataId, backend) => {
    live -= engine.state.tensorInfo.get(dataId)?.bytes ?? 0;
    removeDataId.call(engine, dataId, backend);
  };
  return {
    peak: () => peak,
    reset: () => {
      peak = live;
    },
    stop: () => {
      engine.trackTensor = trackTensor;
      engine.removeDataId = removeDataId;
    },
  };
}

const values = (count: number, seed: number): Float32Array =>
  Float32Array.from({ length: count }, (_, index) => Math.sin(seed * 12.9898 + index * 78.233) * 0.5);

/**
 * A small transformer-like loss touching what the DiT step does: a weight used twice, broadcasting adds,
 * the fused layer norm and GELU, softmax attention, x·x (one tensor as both inputs), a slice and a concat,
 * a stop-gradient branch and a variable that does not reach the loss.
 */
function makeProblem() {
  const variable = (name: string, shape: number[], seed: number) =>
    tf.variable(
      tf.tensor(
        values(
          shape.reduce((a, b) => a * b, 1),
          seed,
        ),
        shape,
      ),
      true,
      name,
    );
  const w1 = variable(`w1-${Math.random()}`, [16, 32], 1);
  const b1 = variable(`b1-${Math.random()}`, [32], 2);
  const w2 = variable(`w2-${Math.random()}`, [32, 16], 3);
  const gamma = variable(`gamma-${Math.random()}`, [16], 4);
  const unused = variable(`unused-${Math.random()}`, [3], 5);
  const input = tf.tensor(values(8 * 16, 6), [8, 16]);
  const ops = tfjsOps;
  const loss = (): tf.Scalar => {
    const hidden = ops.gelu(tf.add(tf.matMul(input, w1), b1)); // (8, 32)
    const back = tf.matMul(hidden, w2); // (8, 16)
    const normed = ops.layerNorm(tf.add(back, input), gamma);
    const scores = ops.softmax(tf.matMul(normed, normed, false, true)); // (8, 8)
    const attended = tf.matMul(scores, tf.matMul(normed, tf.transpose(w1.slice([0, 0], [16, 16])))); // w1 again
    const pieces = tf.concat(
      [tf.slice(attended, [0, 0], [8, 8]), tf.mul(attended, attended).slice([0, 8], [8, 8])],
      1,
    );
    const frozen = ops.stopGradient(tf.mul(back, 2));
    return tf.mean(tf.add(tf.square(pieces), tf.mul(frozen, 1e-3))) as tf.Scalar;
  };
  return { loss, variables: [w1, b1, w2, gamma, unused], input };
}

describe.each(['cpu', 'native'] as const)('freeingVariableGrads on the %s backend', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('gives the value and gradients of tf.variableGrads, bit for bit, and leaves no tensor behind', () => {
    const { loss, variables, input } = makeProblem();
    const before = tf.memory().numTensors;
    const reference = tf.variableGrads(loss, variables);
    const afterReference = tf.memory().numTensors;
    const freeing = freeingVariableGrads(loss, variables);
    expect(tf.memory().numTensors - afterReference).toBe(afterReference - before); // same count made
    expect(Object.keys(freeing.grads).sort()).toEqual(Object.keys(reference.grads).sort());
    expect(Object.keys(freeing.grads)).toHaveLength(4); // `unused` gets none
    expect(freeing.value.dataSync()).toEqual(reference.value.dataSync());
    for (const [name, gradient] of Object.entries(reference.grads)) {
      expect(freeing.grads[name]!.shape).toEqual(gradient.shape);
      expect(freeing.grads[name]!.dataSync()).toEqual(gradient.dataSync());
    }
    tf.dispose([
      reference.value,
      freeing.value,
      ...Object.values(reference.grads),
      ...Object.values(freeing.grads),
    ]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...variables, input]);
  });

  it('frees the gradients and saved tensors of a deep chain as it walks back (peak at most ~the forward pass)', () => {
    const width = 64;
    const depth = 24;
    const weights = Array.from({ length: depth }, (_, layer) =>
      tf.variable(
        tf.tensor(values(width * width, layer), [width, width]).div(8),
        true,
        `chain-${Math.random()}`,
      ),
    );
    const input = tf.tensor(values(128 * width, 99), [128, width]);
    const loss = (): tf.Scalar => {
      let x: tf.Tensor = input;
      for (const weight of weights) x = tf.tanh(tf.matMul(x, weight)); // saves x, weight and tanh's output
      return tf.mean(tf.square(x)) as tf.Scalar;
    };
    const watch = watchLiveBytes();
    try {
      const peakOf = (gradients: () => { value: tf.Scalar; grads: Record<string, tf.Tensor> }): number => {
        watch.reset();
        const start = watch.peak();
        const { value, grads } = gradients();
        tf.dispose([value, ...Object.values(grads)]);
        return watch.peak() - start;
      };
      const tfjsPeak = peakOf(() => tf.variableGrads(loss, weights));
      const freeingPeak = peakOf(() => freeingVariableGrads(loss, weights));
      const activation = 128 * width * 4;
      // tfjs holds ~3 activations saved per layer plus ~2 gradients per layer until the end; freeing keeps the
      // saved ones of the layers not yet walked, the weight gradients, and a few in flight.
      expect(freeingPeak).toBeLessThan(0.75 * tfjsPeak);
      expect(tfjsPeak - freeingPeak).toBeGreaterThan(depth * activation);
    } finally {
      watch.stop();
      tf.dispose([...weights, input]);
    }
  });
});

describe('freeingVariableGrads errors and nesting', () => {
  it('names a non-scalar loss and a loss no variable reaches, and leaves no tensor behind', () => {
    const weight = tf.variable(tf.ones([2]), true, `w-${Math.random()}`);
    const before = tf.memory().numTensors;
    expect(() => freeingVariableGrads(() => tf.mul(weight, 2) as unknown as tf.Scalar, [weight])).toThrow(
      /must return a scalar tensor, got a rank-1 tensor \[2\]/,
    );
    expect(() => freeingVariableGrads(() => tf.scalar(3), [weight])).toThrow(
      /no trainable variable is connected/,
    );
    expect(tf.memory().numTensors).toBe(before);
    weight.dispose();
  });

  it('inside another gradient computation it keeps the tape (as tf.variableGrads) and agrees with it', () => {
    const weight = tf.variable(tf.tensor([0.3, -0.7]), true, `w-${Math.random()}`);
    const x = tf.tensor([1.5, 2]);
    // d/dx of the weight gradient of sum(tanh(w·x)²): needs the inner backward pass on the outer tape.
    const outer = (freeing: boolean) =>
      tf.grad((input: tf.Tensor) => {
        const loss = () => tf.sum(tf.square(tf.tanh(tf.mul(weight, input)))) as tf.Scalar;
        const { grads } = freeing ? freeingVariableGrads(loss, [weight]) : tf.variableGrads(loss, [weight]);
        return tf.sum(grads[weight.name]!);
      })(x);
    expect(outer(true).dataSync()).toEqual(outer(false).dataSync());
    tf.dispose([weight, x]);
  });
});

import { createRng, tensor } from '@latentlab/tensor';
import { lossAndGradients, runModel, TrainableParams, tf, toTf, useBackend } from '@latentlab/tfjs';
import { expect, it } from 'vitest';
import { classifierModel, initClassifier } from '../src/classifier.js';
import { registerFastConvFilterGradient } from './conv-filter-gradient-kernel.js';

it("gives the classifier the same gradients as tfjs's own Conv2DBackpropFilter", async () => {
  await useBackend('cpu');
  const params = new TrainableParams(initClassifier(createRng(0)));
  const x = toTf(tensor(createRng(1).normal(4 * 784), [4, 1, 28, 28])); // (4, 1, 28, 28)
  const gradients = () =>
    lossAndGradients(params, () =>
      tf.tidy(
        () =>
          tf.sum(
            tf.square(runModel(classifierModel, params.params, { x })['features'] as tf.Tensor),
          ) as tf.Scalar,
      ),
    ).gradients;
  const reference = gradients();
  registerFastConvFilterGradient();
  const fast = gradients();
  for (const [name, gradient] of reference) {
    const difference = tf.max(tf.abs(tf.sub(gradient, fast.get(name) as tf.Tensor))).dataSync()[0] as number;
    const scale = tf.max(tf.abs(gradient)).dataSync()[0] as number;
    expect(difference, name).toBeLessThan(1e-5 * scale + 1e-7);
  }
}, 30_000);

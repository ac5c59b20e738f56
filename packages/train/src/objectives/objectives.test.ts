import { edm, rectifiedFlow, vpCosine } from '@latentlab/schedules';
import { createRng, type ModelFunction, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { runModel, tf, tfjsOps, toTf, useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ObjectiveContext } from '../objective.js';
import { edmPreconditioning } from '../preconditioning/edm-preconditioning.js';
import { crossEntropyObjective } from './cross-entropy.js';
import { diffusionObjective } from './diffusion.js';
import { minSnrWeighting } from './loss-weighting.js';
import { noisyBatch } from './noisy-batch.js';
import { reconstructionObjective } from './reconstruction.js';
import { regressionObjective } from './regression.js';
import { logitNormalTrainingTimes, uniformTrainingTimes } from './training-times.js';

/** The closed-form test models have no parameters. */
const NO_PARAMETERS = paramsFromMap<tf.Tensor>(new Map());

beforeAll(async () => {
  await useBackend('cpu');
});

/** Runs an objective once on tfjs with a parameter-free model; returns the loss and metrics as numbers. */
function evaluate<B>(
  objective: {
    loss: (
      context: ObjectiveContext<tf.Tensor>,
      batch: B,
    ) => { loss: tf.Tensor; metrics?: Record<string, tf.Tensor> };
  },
  model: ModelFunction,
  batch: B,
  seed = 4,
) {
  return tf.tidy(() => {
    const context: ObjectiveContext<tf.Tensor> = {
      ops: tfjsOps,
      forward: (inputs) => runModel(model, NO_PARAMETERS, inputs),
      rng: createRng(seed),
      step: 1,
    };
    const result = objective.loss(context, batch);
    const metrics = Object.fromEntries(
      Object.entries(result.metrics ?? {}).map(([name, value]) => [name, value.dataSync()[0] as number]),
    );
    return { loss: result.loss.dataSync()[0] as number, metrics };
  });
}

const x0 = tensor(
  Float32Array.from({ length: 3 * 4 }, (_, i) => Math.sin(i) * 0.8),
  [3, 4],
);

describe('noisyBatch', () => {
  it('draws times then noise from the step rng, and builds x_t and each target from (x₀, ε)', () => {
    const settings = {
      process: vpCosine(),
      target: 'v' as const,
      times: uniformTrainingTimes(),
      weighting: minSnrWeighting(5),
    };
    const batch = noisyBatch(x0.data, 3, createRng(9), settings);
    const rng = createRng(9);
    const times = Float32Array.from(rng.uniform(3));
    const epsilon = rng.normal(12);
    expect(batch.times).toEqual(times);
    for (let row = 0; row < 3; row++) {
      const t = times[row]!;
      const [alpha, sigma] = [vpCosine().alpha(t), vpCosine().sigma(t)];
      for (let k = 0; k < 4; k++) {
        const [clean, noise] = [x0.data[row * 4 + k]!, epsilon[row * 4 + k]!];
        expect(batch.noisy[row * 4 + k]).toBeCloseTo(alpha * clean + sigma * noise, 6);
        expect(batch.target[row * 4 + k]).toBeCloseTo(alpha * noise - sigma * clean, 6); // v = α·ε − σ·x₀
      }
      expect(batch.weights![row]).toBeCloseTo(Math.min(alpha ** 2 / sigma ** 2, 5) * sigma ** 2, 6); // min(SNR,γ)/(SNR+1)
    }
  });
});

describe('diffusionObjective', () => {
  /** A "network" with a closed form: prediction = 0.5·x + t (broadcast), so the loss can be recomputed. */
  const affine: ModelFunction = (ops, _params, { x, t }) =>
    ops.add(ops.mul(x!, ops.scalar(0.5)), ops.reshape(t!, [-1, 1]));

  it('is the weighted MSE of the prediction against the target, averaged over all elements', () => {
    const settings = {
      process: rectifiedFlow(),
      target: 'velocity' as const,
      times: logitNormalTrainingTimes(),
      weighting: minSnrWeighting(1),
    };
    const { loss } = evaluate(diffusionObjective(settings), affine, { x: x0 });
    const batch = noisyBatch(x0.data, 3, createRng(4), { ...settings });
    let expected = 0;
    for (let i = 0; i < 12; i++) {
      const row = Math.floor(i / 4);
      const prediction = 0.5 * batch.noisy[i]! + batch.times[row]!;
      expected += (batch.weights![row]! * (prediction - batch.target[i]!) ** 2) / 12;
    }
    expect(loss).toBeCloseTo(expected, 5);
  });

  it('feeds labels, dropped to the null class with the given probability, after the times and noise', () => {
    const seen: number[][] = [];
    const labelled: ModelFunction = (ops, _params, { x, y }) => {
      seen.push(Array.from((y as unknown as tf.Tensor).dataSync()));
      return ops.mul(x!, ops.scalar(0));
    };
    const labels = tensor(Int32Array.of(0, 1, 2), [3], 'int32');
    const base = { process: edm(), target: 'x0' as const, times: uniformTrainingTimes() };
    evaluate(diffusionObjective({ ...base, labelDropout: { probability: 1, nullClass: 7 } }), labelled, {
      x: x0,
      labels,
    });
    evaluate(diffusionObjective({ ...base, labelDropout: { probability: 0, nullClass: 7 } }), labelled, {
      x: x0,
      labels,
    });
    expect(seen).toEqual([
      [7, 7, 7],
      [0, 1, 2],
    ]);
  });
});

describe('crossEntropyObjective', () => {
  const logitsModel: ModelFunction = (ops, _params, { x }) => ({ logits: ops.mul(x!, ops.scalar(2)) });
  const logits = tensor(Float32Array.of(0.1, 0.7, -0.3, 1.2, 0.2, 0.0), [2, 3]);
  const expectedLoss = (targets: number[]) => {
    let total = 0;
    for (const [row, target] of targets.entries()) {
      const values = Array.from(logits.data.subarray(row * 3, row * 3 + 3), (value) => 2 * value);
      const logSum = Math.log(values.reduce((sum, value) => sum + Math.exp(value), 0));
      total += logSum - values[target]!;
    }
    return total / targets.length;
  };

  it('is −mean log softmax(logits)[target]', () => {
    const { loss } = evaluate(crossEntropyObjective({ classes: 3 }), logitsModel, {
      x: logits,
      labels: tensor(Int32Array.of(1, 0), [2], 'int32'),
    });
    expect(loss).toBeCloseTo(expectedLoss([1, 0]), 6);
  });

  it('leaves ignored targets out of the mean, augments with the step rng, and names a bad target', () => {
    const ignoring = crossEntropyObjective({ classes: 3, ignoreIndex: -100 });
    const { loss } = evaluate(ignoring, logitsModel, {
      x: logits,
      labels: tensor(Int32Array.of(-100, 2), [2], 'int32'),
    });
    expect(loss).toBeCloseTo(expectedLoss([0, 2]) * 2 - expectedLoss([0]), 6); // only row 1's term
    const draws: number[] = [];
    const augmenting = crossEntropyObjective({
      classes: 3,
      augment: (x: Tensor, rng) => {
        draws.push(rng.uniform(1)[0]!);
        return x;
      },
    });
    evaluate(augmenting, logitsModel, { x: logits, labels: tensor(Int32Array.of(0, 0), [2], 'int32') }, 21);
    expect(draws).toEqual([createRng(21).uniform(1)[0]]);
    expect(() =>
      evaluate(crossEntropyObjective({ classes: 3 }), logitsModel, {
        x: logits,
        labels: tensor(Int32Array.of(0, 3), [2], 'int32'),
      }),
    ).toThrow('crossEntropyObjective: target 3 at position 1; expected 0 … 2');
  });
});

describe('reconstructionObjective and regressionObjective', () => {
  const autoencoder: ModelFunction = (ops, _params, { x }) => ({
    reconstruction: ops.mul(x!, ops.scalar(0.5)),
    kl: ops.sum(ops.square(x!)),
  });

  it('MSE or L1 of the reconstruction plus weighted extra terms, each logged', () => {
    const values = Array.from(x0.data);
    const mse = values.reduce((sum, value) => sum + 0.25 * value * value, 0) / 12;
    const l1 = values.reduce((sum, value) => sum + Math.abs(0.5 * value), 0) / 12;
    const kl = values.reduce((sum, value) => sum + value * value, 0);
    const withKl = evaluate(reconstructionObjective({ extraLosses: { kl: 0.1 } }), autoencoder, { x: x0 });
    expect(withKl.loss).toBeCloseTo(mse + 0.1 * kl, 5);
    expect(withKl.metrics['reconstruction']).toBeCloseTo(mse, 6);
    expect(withKl.metrics['kl']).toBeCloseTo(kl, 4);
    expect(evaluate(reconstructionObjective({ distance: 'l1' }), autoencoder, { x: x0 }).loss).toBeCloseTo(
      l1,
      6,
    );
  });

  it('regression: MSE of the named output against the target', () => {
    const doubler: ModelFunction = (ops, _params, { a }) => ops.mul(a!, ops.scalar(2));
    const target = tensor(Float32Array.of(1, 1, 1, 1), [4]);
    const input = tensor(Float32Array.of(0, 0.5, 1, 2), [4]);
    const { loss } = evaluate(regressionObjective(), doubler, { inputs: { a: input }, target });
    expect(loss).toBeCloseTo((1 + 0 + 1 + 9) / 4, 6);
  });
});

describe('edmPreconditioning (Karras et al. 2022, Table 1)', () => {
  it('D(x; σ) = c_skip·x + c_out·F(c_in·x; ¼ ln σ) with the paper’s coefficients', () => {
    // F(u, c) = u + c, so D = c_skip·x + c_out·(c_in·x + ¼ ln σ).
    const network: ModelFunction = (ops, _params, { x, t }) => ops.add(x!, ops.reshape(t!, [-1, 1]));
    const wrapped = edmPreconditioning(network, { sigmaData: 0.5 });
    const sigmas = [0.002, 0.5, 80];
    const x = tensor(Float32Array.of(0.3, -1, 2, 7, -40, 90), [3, 2]);
    const output = tf.tidy(() =>
      Array.from(
        (
          runModel(wrapped, NO_PARAMETERS, {
            x: toTf(x),
            t: toTf(tensor(Float32Array.from(sigmas), [3])),
          })['output'] as tf.Tensor
        ).dataSync(),
      ),
    );
    for (const [row, sigma] of sigmas.entries()) {
      const total = sigma ** 2 + 0.25;
      const [skip, out, input, noise] = [
        0.25 / total,
        (sigma * 0.5) / Math.sqrt(total),
        1 / Math.sqrt(total),
        Math.log(sigma) / 4,
      ];
      for (const k of [0, 1]) {
        const value = x.data[row * 2 + k]!;
        expect(output[row * 2 + k]! / (skip * value + out * (input * value + noise))).toBeCloseTo(1, 5);
      }
    }
  });
});

import { type ModelFunction, type ParamStore, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { lossAndGradients, runModel, TrainableParams, tf, toTf } from '@latentlab/tfjs';
import type { OpCase } from './op-cases.js';
import { RandomTensors } from './random-tensors.js';

export interface GradientCheck {
  /** ∇L · d from tfjs autograd. */
  analytic: number;
  /** (L(θ + h·d) − L(θ − h·d)) / 2h. */
  numeric: number;
  relativeError: number;
}

/**
 * Compares the tfjs gradient of L(θ) = Σ model(θ, inputs) ⊙ W (W fixed random weights) with a central
 * finite difference along a random unit direction d over all float parameters.
 */
export function checkGradient(
  model: ModelFunction,
  store: ParamStore,
  inputs: Record<string, Tensor>,
  seed: number,
  step = 1e-2,
): GradientCheck {
  const random = new RandomTensors(seed);
  const floatNames = [...store].filter(([, value]) => value.dtype === 'float32').map(([name]) => name);
  const direction = new Map(
    floatNames.map((name) => [name, random.normal((store.get(name) as Tensor).shape)]),
  );
  const norm = Math.sqrt(
    [...direction.values()].reduce((total, value) => total + value.data.reduce((s, v) => s + v * v, 0), 0),
  );
  for (const value of direction.values())
    for (let i = 0; i < value.data.length; i++) value.data[i] = (value.data[i] as number) / norm;

  const feeds = () => Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
  let outputWeights: tf.Tensor | undefined;
  const lossOf = (params: ReturnType<typeof paramsFromMap<tf.Tensor>>) => {
    const output = runModel(model, params, feeds())['output'] as tf.Tensor;
    outputWeights ??= tf.keep(toTf(random.normal(output.shape)));
    return tf.sum(tf.mul(output, outputWeights)) as tf.Scalar;
  };

  const trainable = new TrainableParams(store);
  const { gradients } = lossAndGradients(trainable, () => tf.tidy(() => lossOf(trainable.params)));
  let analytic = 0;
  for (const [name, gradient] of gradients) {
    const values = gradient.dataSync();
    const along = (direction.get(name) as Tensor).data;
    for (let i = 0; i < values.length; i++) analytic += (values[i] as number) * (along[i] as number);
    gradient.dispose();
  }
  trainable.dispose();

  const shifted = (sign: number) =>
    tf.tidy(() => {
      const values = new Map<string, tf.Tensor>();
      for (const [name, value] of store) {
        const along = direction.get(name);
        if (!along) {
          values.set(name, toTf(value));
          continue;
        }
        const moved = Float32Array.from(
          value.data as Float32Array,
          (v, i) => v + sign * step * (along.data[i] as number),
        );
        values.set(name, toTf(tensor(moved, value.shape)));
      }
      return lossOf(paramsFromMap(values)).dataSync()[0] as number;
    });
  const numeric = (shifted(1) - shifted(-1)) / (2 * step);
  outputWeights?.dispose();
  const relativeError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-3);
  return { analytic, numeric, relativeError };
}

/**
 * `checkGradient` for one parity case, with its float inputs (except those the op has no gradient for)
 * treated as parameters, so the gradient into them is checked too.
 */
export function checkCaseGradient(testCase: OpCase, seed: number, step = 1e-2): GradientCheck {
  const store: ParamStore = new Map(testCase.params ?? []);
  const fixedInputs: Record<string, Tensor> = {};
  for (const [name, value] of Object.entries(testCase.inputs)) {
    const differentiable = value.dtype === 'float32' && !testCase.notDifferentiable?.includes(name);
    if (differentiable) store.set(`input.${name}`, value);
    else fixedInputs[name] = value;
  }
  const model: ModelFunction = (ops, params, inputs) => {
    const all = { ...inputs };
    for (const name of Object.keys(testCase.inputs)) {
      if (params.has(`input.${name}`)) all[name] = params.get(`input.${name}`);
    }
    return testCase.model(ops, params, all);
  };
  return checkGradient(model, store, fixedInputs, seed, step);
}

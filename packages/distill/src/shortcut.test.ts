import { rectifiedFlow } from '@latentlab/schedules';
import {
  createRng,
  type ModelFunction,
  type Ops,
  type ParamStore,
  type Params,
  paramsFromMap,
  tensor,
} from '@latentlab/tensor';
import { runModel, type tf, tfjsOps, toTf } from '@latentlab/tfjs';
import { type DiffusionBatch, fit, type Objective } from '@latentlab/train';
import { describe, expect, it } from 'vitest';
import { shortcutObjective } from './shortcut.js';
import { gaussianBatches } from './test-support/gaussian-data.js';
import { gaussianMixtureTeacher } from './test-support/gaussian-teachers.js';
import { runBatch } from './test-support/run-plain.js';
import { initToyStudent, toyStudent } from './test-support/toy-student.js';

const MEAN = [1.5, -0.5] as const;
const STD = 0.5;

/** x_{t−d} = x_t − d·s(x_t, t, d) from t = 1 in `steps` equal steps (the shortcut sampler of Frans et al.). */
function shortcutSample(
  params: Parameters<typeof runBatch>[1],
  noise: Float32Array,
  steps: number,
  stepSize = 1 / steps,
) {
  const model = toyStudent(1, ['d']);
  const count = noise.length / 2;
  let x = Float32Array.from(noise);
  for (let i = 0; i < steps; i++) {
    const t = 1 - i / steps;
    const velocity = runBatch(model, params, {
      x,
      t: new Float32Array(count).fill(t),
      y: new Int32Array(count),
      scalars: { d: new Float32Array(count).fill(stepSize) },
    });
    x = x.map((value, k) => value - (1 / steps) * velocity[k]!);
  }
  return x;
}

const rms = (a: Float32Array, b: Float32Array) =>
  Math.sqrt(a.reduce((sum, value, k) => sum + (value - b[k]!) ** 2, 0) / a.length);

describe('shortcut models (Frans et al. 2024) on a Gaussian, whose exact flow map is known', () => {
  // For data N(μ, s²·I) the rectified-flow ODE carries noise z at t = 1 to μ + s·z at t = 0 exactly (the
  // marginals stay Gaussian along x_t = (1 − t)·x₀ + t·ε, and the flow of a Gaussian is affine).
  it('one step of size 1 lands near μ + s·z, where one Euler step of the flow (d = 1/M) collapses to μ', async () => {
    const rng = createRng(11);
    const params = initToyStudent(1, ['d'], rng.split(1));
    const result = await fit({
      model: toyStudent(1, ['d']),
      params,
      objective: shortcutObjective({ baseSteps: 8 }),
      batches: gaussianBatches([MEAN], STD, 128),
      steps: 1500,
      rng: rng.split(2),
      optimizer: { learningRate: 3e-3 },
      ema: 0.99,
    });
    const weights = result.ema!;
    const noise = createRng(99).normal(2 * 512);
    const exact = noise.map((z, k) => MEAN[k % 2]! + STD * z);
    const oneStep = rms(shortcutSample(weights, noise, 1), exact);
    const fourSteps = rms(shortcutSample(weights, noise, 4), exact);
    const flowOneStep = rms(shortcutSample(weights, noise, 1, 1 / 8), exact);
    console.log(
      `shortcut RMS from the exact map: 1 step ${oneStep.toFixed(3)}, 4 steps ${fourSteps.toFixed(3)}; the flow (d = 1/M) in 1 step ${flowOneStep.toFixed(3)}`,
    );
    expect(flowOneStep).toBeGreaterThan(0.35); // ≈ s·E‖z‖/√2: every sample pulled to the mean
    expect(oneStep).toBeLessThan(0.12); // measured 0.090 (1,500 steps of a 4-layer MLP)
    expect(fourSteps).toBeLessThan(0.12); // measured 0.082
  });
});

/** One loss evaluation of an objective on tfjs: the loss and metrics as numbers. */
function evaluate(
  objective: Objective<DiffusionBatch>,
  model: ModelFunction,
  params: ParamStore,
  seed: number,
) {
  const variables = paramsFromMap(new Map([...params].map(([name, value]) => [name, toTf(value)])));
  const batch: DiffusionBatch = {
    x: tensor(createRng(5).normal(2 * 16), [16, 2]),
    labels: tensor(new Int32Array(16), [16], 'int32'),
  };
  const result = objective.loss<tf.Tensor>(
    { ops: tfjsOps, forward: (inputs) => runModel(model, variables, inputs), rng: createRng(seed), step: 1 },
    batch,
  );
  const value = (scalar: tf.Tensor) => scalar.dataSync()[0] as number;
  return {
    loss: value(result.loss),
    selfConsistency: value(result.metrics!['selfConsistency']!),
    flowMatching: value(result.metrics!['flowMatching']!),
  };
}

/** The x₀ network of a velocity network on rectified flow: x̂₀ = x_t − t·s(x_t, t, d). */
function asX0Model(velocityModel: ModelFunction): ModelFunction {
  return <T>(ops: Ops<T>, params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    const velocity = velocityModel(ops, params, inputs) as T; // (B, 2)
    return ops.sub(inputs['x']!, ops.mul(ops.reshape(inputs['t']!, [-1, 1]), velocity));
  };
}

describe('shortcut objective forms', () => {
  const velocityModel = toyStudent(1, ['d']);
  const params = initToyStudent(1, ['d'], createRng(4));

  it('reads an x₀ network as its velocity: the same self-consistency target in the x₀ form', () => {
    // M = 2: every self-consistency row is at t = 1 with d = 1/2, where x̂₀ − x̂₀' = t·(s − s') is s − s'.
    const velocity = evaluate(shortcutObjective({ baseSteps: 2 }), velocityModel, params, 7);
    const x0 = evaluate(
      shortcutObjective({ baseSteps: 2, target: 'x0' }),
      asX0Model(velocityModel),
      params,
      7,
    );
    expect(velocity.selfConsistency).toBeGreaterThan(1e-3);
    expect(Math.abs(x0.selfConsistency - velocity.selfConsistency)).toBeLessThan(
      1e-5 * velocity.selfConsistency,
    );
  });

  it('distils a teacher: flow-matching rows learn its guided prediction, zero loss for the teacher itself', () => {
    const teacherModel = gaussianMixtureTeacher(
      [
        [1, 0],
        [-1, 0.5],
      ],
      0.5,
    );
    const teacher = {
      model: teacherModel,
      params: new Map(),
      process: rectifiedFlow(),
      target: 'x0' as const,
      nullClass: 2,
    };
    // A student that ignores d and is the teacher's conditional prediction.
    const copy: ModelFunction = <T>(ops: Ops<T>, p: Params<T>, inputs: Readonly<Record<string, T>>) =>
      teacherModel(ops, p, { x: inputs['x']!, t: inputs['t']!, y: inputs['y']! });
    const plain = evaluate(shortcutObjective({ target: 'x0', teacher }), copy, new Map(), 3);
    expect(plain.flowMatching).toBeLessThan(1e-10);
    const guided = evaluate(
      shortcutObjective({ target: 'x0', teacher, guidance: { min: 2, max: 2 } }),
      copy,
      new Map(),
      3,
    );
    expect(guided.flowMatching).toBeGreaterThan(1e-4);
    expect(() => shortcutObjective({ teacher })).toThrow(
      /expected a rectified-flow \(rf\) model of velocity/,
    );
  });
});

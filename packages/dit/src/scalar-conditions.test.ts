import { createRng, type Tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { DitConfigError } from './config.js';
import { ditModel } from './dit.js';
import { ditInputSpecs, initDit } from './init.js';
import { DitInputError } from './inputs.js';
import { ditTiny2 } from './presets.js';
import { RandomTensors } from './test-support/random.js';
import { runWithTfjs } from './test-support/tfjs-run.js';

const teacherConfig = ditTiny2();
const studentConfig = ditTiny2({ scalarConditions: [{ name: 'w', scale: 250 }] });

function baseInputs(random: RandomTensors, batch: number): Record<string, Tensor> {
  return {
    x: random.normal([batch, 1, 8, 8]),
    t: random.uniform([batch]),
    y: random.integers([batch], 0, 4),
  };
}

function maxAbsDifference(a: Tensor, b: Tensor): number {
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
  return worst;
}

describe('DiT scalar conditions (a guidance-distilled or shortcut student)', () => {
  it('start as the model without them: teacher weights + fresh condition embedders = the teacher, for any w', () => {
    const random = new RandomTensors(5);
    const teacher = random.randomizeParams(initDit(teacherConfig, createRng(1)));
    const student = new Map(initDit(studentConfig, createRng(2)));
    for (const [name, value] of teacher) student.set(name, value);
    expect([...student.keys()].filter((name) => !teacher.has(name)).sort()).toEqual([
      'w_embedder.mlp.0.bias',
      'w_embedder.mlp.0.weight',
      'w_embedder.mlp.2.bias',
      'w_embedder.mlp.2.weight',
    ]);
    const inputs = baseInputs(random, 3);
    const expected = runWithTfjs(ditModel(teacherConfig), teacher, inputs);
    for (const w of [0, 1.5, 4]) {
      const output = runWithTfjs(ditModel(studentConfig), student, {
        ...inputs,
        w: { data: new Float32Array(3).fill(w), shape: [3], dtype: 'float32' },
      });
      expect(maxAbsDifference(output, expected), `w = ${w}`).toBe(0);
    }
  });

  it('change the output once trained (random embedders): the model reads w', () => {
    const random = new RandomTensors(6);
    const params = random.randomizeParams(initDit(studentConfig, createRng(3)));
    const inputs = baseInputs(random, 2);
    const at = (w: number) =>
      runWithTfjs(ditModel(studentConfig), params, {
        ...inputs,
        w: { data: new Float32Array(2).fill(w), shape: [2], dtype: 'float32' },
      });
    expect(maxAbsDifference(at(0), at(2))).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(at(2), at(2))).toBe(0);
  });

  it('are declared inputs and checked like the others', () => {
    expect(ditInputSpecs(studentConfig)['w']).toEqual({ shape: ['batch'], dtype: 'float32' });
    const random = new RandomTensors(7);
    const params = initDit(studentConfig, createRng(4));
    expect(() => runWithTfjs(ditModel(studentConfig), params, baseInputs(random, 2))).toThrow(
      new DitInputError('w', 'is missing; expected float32 of shape [2]'),
    );
  });

  it('reject bad configs naming the field', () => {
    expect(() => ditTiny2({ scalarConditions: [{ name: 't', scale: 1 }] })).toThrow(DitConfigError);
    expect(() => ditTiny2({ scalarConditions: [{ name: 't', scale: 1 }] })).toThrow(
      "DiT config: scalarConditions[0].name 't' is already an input of the model",
    );
    expect(() => ditTiny2({ scalarConditions: [{ name: 'w', scale: Number.NaN }] })).toThrow(
      'scalarConditions[0].scale is NaN; expected a finite number',
    );
    expect(() =>
      ditTiny2({
        scalarConditions: [
          { name: 'w', scale: 1 },
          { name: 'w', scale: 2 },
        ],
      }),
    ).toThrow('scalarConditions[1].name');
  });
});

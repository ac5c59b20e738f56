import { type ModelFunction, paramsFromMap, type ShapeValue, shapeOps, type Tensor } from '@latentlab/tensor';
import { runModel, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionCases } from './attention-cases.js';
import { type OpCase, opCases } from './op-cases.js';

/** ShapeOps (shape-only evaluation, behind `declareParams`) must give every op the shapes tfjs computes. */
const asShape = (value: Tensor): ShapeValue => ({
  shape: [...value.shape],
  dtype: value.dtype === 'float32' ? 'float32' : 'int32',
});
const outputsOf = <T>(result: T | Readonly<Record<string, T>>, isValue: (value: unknown) => boolean) =>
  isValue(result) ? { output: result as T } : (result as Readonly<Record<string, T>>);

function shapesOnTfjs(model: ModelFunction, testCase: OpCase): Record<string, ShapeValue> {
  const inputs = Object.fromEntries(
    Object.entries(testCase.inputs).map(([name, value]) => [name, toTf(value)]),
  );
  const params = paramsFromMap(
    new Map([...(testCase.params ?? new Map())].map(([name, value]) => [name, toTf(value)])),
  );
  const outputs = runModel(model, params, inputs);
  const shapes = Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [name, { shape: [...value.shape], dtype: value.dtype }]),
  ) as Record<string, ShapeValue>;
  for (const value of [...Object.values(inputs), ...Object.values(outputs)]) (value as tf.Tensor).dispose();
  return shapes;
}

function shapesOnShapeOps(model: ModelFunction, testCase: OpCase): Record<string, ShapeValue> {
  const inputs = Object.fromEntries(
    Object.entries(testCase.inputs).map(([name, value]) => [name, asShape(value)]),
  );
  const params = paramsFromMap(
    new Map([...(testCase.params ?? new Map())].map(([name, value]) => [name, asShape(value)])),
  );
  const result = model(shapeOps, params, inputs);
  return Object.fromEntries(
    Object.entries(outputsOf(result, (value) => Array.isArray((value as ShapeValue).shape))).map(
      ([name, value]) => [name, { shape: [...value.shape], dtype: value.dtype }],
    ),
  );
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('ShapeOps: the shapes and dtypes of tfjs, op by op', () => {
  it.each([...opCases, ...attentionCases].map((testCase) => [testCase.title, testCase] as const))(
    '%s',
    (_title, testCase) => {
      expect(shapesOnShapeOps(testCase.model, testCase)).toEqual(shapesOnTfjs(testCase.model, testCase));
    },
  );
});

import { describe, expect, it } from 'vitest';
import { countDeclaredParameters, declaredParameterShapes, declareParams } from './declared-params.js';
import { initializers } from './init.js';
import { linear } from './layers/linear.js';
import { type ModelFunction, ParameterShapeError } from './ops.js';
import { paramsFromMap } from './params.js';
import { createRng } from './rng.js';

/** Two Linears and a shared table read twice: x (B, 3) → (B, 2). */
const model: ModelFunction = (ops, params, { x }) => {
  const hidden = linear(ops, params, 'fc1', x!, 4); // (B, 4)
  const table = params.declare('table', [4], initializers.normal(1));
  const again = params.declare('table', [4], initializers.normal(1)); // the same parameter: one value
  return linear(ops, params, 'fc2', ops.add(ops.mul(hidden, table), again), 2, { bias: false }); // (B, 2)
};
const inputs = { x: { shape: ['batch', 3], dtype: 'float32' } } as const;

describe('declared parameters', () => {
  it('creates each declared parameter once, in declaration order, from the model function itself', () => {
    const store = declareParams(model, inputs, createRng(1));
    expect([...store].map(([name, value]) => [name, value.shape])).toEqual([
      ['fc1.weight', [4, 3]],
      ['fc1.bias', [4]],
      ['table', [4]],
      ['fc2.weight', [2, 4]],
    ]);
    expect(Array.from(store.get('fc1.bias')!.data)).toEqual([0, 0, 0, 0]);
    // Draw order: fc1.weight (Xavier, 12 uniforms) then the table (4 normals) then fc2.weight.
    const rng = createRng(1);
    const bound = Math.sqrt(6 / (3 + 4));
    expect(Array.from(store.get('fc1.weight')!.data)).toEqual(
      Array.from(rng.uniform(12), (value) => Math.fround((2 * value - 1) * bound)),
    );
    expect(Array.from(store.get('table')!.data)).toEqual(Array.from(rng.normal(4)));
  });

  it('counts without creating anything, and the counts agree with the store', () => {
    expect([...declaredParameterShapes(model, inputs).values()]).toEqual([[4, 3], [4], [4], [2, 4]]);
    expect(countDeclaredParameters(model, inputs)).toBe(12 + 4 + 4 + 8);
  });

  it('names the parameter and both shapes when a store disagrees with the declaration', () => {
    const store = declareParams(model, inputs, createRng(1));
    const params = paramsFromMap(
      new Map([...store, ['table', store.get('fc1.bias')!], ['fc1.bias', store.get('table')!]]),
    );
    expect(params.declare('fc1.bias', [4], initializers.zeros())).toBe(store.get('table'));
    expect(() => params.declare('fc1.weight', [3, 4], initializers.zeros())).toThrow(
      "parameter 'fc1.weight' is [4, 3] in the store but the model declares [3, 4]",
    );
    const conflicting: ModelFunction = (_ops, params) => {
      params.declare('w', [2], initializers.zeros());
      return params.declare('w', [3], initializers.zeros());
    };
    expect(() => declareParams(conflicting, {}, createRng(0))).toThrow(ParameterShapeError);
  });
});

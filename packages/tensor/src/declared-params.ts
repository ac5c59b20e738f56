import {
  type Initializer,
  MissingParameterError,
  type ModelFunction,
  ParameterShapeError,
  type ParamStore,
  type Params,
} from './ops.js';
import type { Rng } from './rng.js';
import { type ShapeValue, shapeOps } from './shape-ops.js';

/** A model input by shape and dtype; a string is a dynamic dimension (e.g. 'batch'), traced at size 1. */
export interface InputSpec {
  readonly shape: readonly (number | string)[];
  readonly dtype: 'float32' | 'int32';
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((dim, axis) => dim === b[axis]);

/**
 * Runs `model` once on shape-only values (no arithmetic) and hands every `params.declare` to `onDeclare`,
 * in declaration order. A name declared twice (a shared weight) must keep its shape.
 */
function traceDeclarations(
  model: ModelFunction,
  inputs: Readonly<Record<string, InputSpec>>,
  onDeclare: (name: string, shape: readonly number[], init: Initializer) => void,
): Map<string, number[]> {
  const declared = new Map<string, number[]>();
  const params: Params<ShapeValue> = {
    declare(name, shape, init) {
      const known = declared.get(name);
      if (known && !sameShape(known, shape)) throw new ParameterShapeError(name, known, shape);
      if (!known) {
        declared.set(name, [...shape]);
        onDeclare(name, shape, init);
      }
      return { shape: [...shape], dtype: 'float32' };
    },
    get(name) {
      const shape = declared.get(name);
      if (!shape) throw new MissingParameterError(name, declared.keys());
      return { shape, dtype: 'float32' };
    },
    has: (name) => declared.has(name),
  };
  const values = Object.fromEntries(
    Object.entries(inputs).map(([name, spec]) => [
      name,
      {
        shape: spec.shape.map((dim) => (typeof dim === 'string' ? 1 : dim)),
        dtype: spec.dtype,
      } as ShapeValue,
    ]),
  );
  model(shapeOps, params, values);
  return declared;
}

/**
 * Fresh parameters of a model, from its own declarations: the model runs once on shape-only values of
 * `inputs` and every `params.declare(name, shape, init)` becomes `init(rng, shape)`, in declaration order
 * (so a seed gives the same parameters in Node and the browser). PyTorch names and layouts, as declared.
 */
export function declareParams(
  model: ModelFunction,
  inputs: Readonly<Record<string, InputSpec>>,
  rng: Rng,
): ParamStore {
  const store: ParamStore = new Map();
  traceDeclarations(model, inputs, (name, shape, init) => {
    const value = init(rng, shape);
    if (!sameShape(value.shape, shape)) throw new ParameterShapeError(name, value.shape, shape);
    store.set(name, value);
  });
  return store;
}

/** The shape of every parameter a model declares, in declaration order, without creating any. */
export function declaredParameterShapes(
  model: ModelFunction,
  inputs: Readonly<Record<string, InputSpec>>,
): Map<string, number[]> {
  return traceDeclarations(model, inputs, () => {});
}

/** The number of values in the parameters a model declares (one pass, nothing allocated). */
export function countDeclaredParameters(
  model: ModelFunction,
  inputs: Readonly<Record<string, InputSpec>>,
): number {
  let total = 0;
  for (const shape of declaredParameterShapes(model, inputs).values()) {
    total += shape.reduce((product, dim) => product * dim, 1);
  }
  return total;
}

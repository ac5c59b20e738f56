import { MissingParameterError, ParameterShapeError, type Params } from './ops.js';

/** The static shape of a framework value: tfjs tensors, latentlab Tensors and ONNX values all have one. */
const shapeOf = (value: unknown): readonly number[] | undefined => {
  const shape = (value as { shape?: unknown } | null)?.shape;
  return Array.isArray(shape) ? (shape as number[]) : undefined;
};

/**
 * Wraps a `Map` of framework values as `Params`: `get` with an error naming a missing parameter,
 * `declare` that also checks the stored shape against the declared one.
 */
export function paramsFromMap<T>(values: ReadonlyMap<string, T>): Params<T> {
  const get = (name: string): T => {
    const value = values.get(name);
    if (value === undefined) throw new MissingParameterError(name, values.keys());
    return value;
  };
  return {
    get,
    has: (name) => values.has(name),
    declare(name, shape) {
      const value = get(name);
      const stored = shapeOf(value);
      if (stored && (stored.length !== shape.length || stored.some((dim, axis) => dim !== shape[axis]))) {
        throw new ParameterShapeError(name, stored, shape);
      }
      return value;
    },
  };
}

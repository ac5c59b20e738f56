import { MissingParameterError, type Params } from './ops.js';

/** Wraps a `Map` of framework values as `Params`, with an error naming the missing parameter. */
export function paramsFromMap<T>(values: ReadonlyMap<string, T>): Params<T> {
  return {
    get(name) {
      const value = values.get(name);
      if (value === undefined) throw new MissingParameterError(name, values.keys());
      return value;
    },
    has: (name) => values.has(name),
  };
}

import type { AttributeProtoData } from './onnx-proto.js';

/** Typed constructors for node attributes (the AttributeProto type is explicit: 1 as a float stays a float). */
export const attribute = {
  int: (name: string, value: number): AttributeProtoData => {
    if (!Number.isSafeInteger(value)) throw new RangeError(`attribute '${name}': ${value} is not an integer`);
    return { name, type: 'int', value };
  },
  ints: (name: string, value: readonly number[]): AttributeProtoData => {
    for (const entry of value) {
      if (!Number.isSafeInteger(entry)) {
        throw new RangeError(`attribute '${name}': ${entry} is not an integer`);
      }
    }
    return { name, type: 'ints', value: [...value] };
  },
  float: (name: string, value: number): AttributeProtoData => ({ name, type: 'float', value }),
  floats: (name: string, value: readonly number[]): AttributeProtoData => ({
    name,
    type: 'floats',
    value: [...value],
  }),
  string: (name: string, value: string): AttributeProtoData => ({ name, type: 'string', value }),
};

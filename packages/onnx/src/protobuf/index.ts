export {
  bytesToString,
  fixed32ToFloat,
  ProtoDecodeError,
  type ProtoField,
  readFields,
  repeatedVarintValues,
  varintToInt64,
  wireTypeName,
} from './reader.js';
export { WireType } from './wire-type.js';
export { ProtoWriter } from './writer.js';

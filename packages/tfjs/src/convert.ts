import { type Tensor, tensor } from '@latentlab/tensor';
import { tf } from './tf.js';

/** Copies a latentlab `Tensor` into a tfjs tensor (uint8 becomes int32: tfjs has no uint8 dtype). */
export function toTf(value: Tensor): tf.Tensor {
  if (value.dtype === 'uint8') return tf.tensor(Int32Array.from(value.data), [...value.shape], 'int32');
  return tf.tensor(value.data, [...value.shape], value.dtype);
}

/** Reads a tfjs tensor back into a latentlab `Tensor` (synchronously). */
export function fromTf(value: tf.Tensor): Tensor {
  // tfjs may hand back the input's array after a cast (an int32 buffer for a float32 tensor): coerce.
  const data = value.dataSync();
  if (value.dtype === 'float32') {
    return tensor(data instanceof Float32Array ? data : Float32Array.from(data), value.shape, 'float32');
  }
  if (value.dtype === 'int32') {
    return tensor(data instanceof Int32Array ? data : Int32Array.from(data), value.shape, 'int32');
  }
  if (value.dtype === 'bool') return tensor(Int32Array.from(data), value.shape, 'int32');
  throw new TypeError(`fromTf: tfjs dtype '${value.dtype}' has no latentlab equivalent`);
}

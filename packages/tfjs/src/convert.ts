import { type Tensor, tensor } from '@latentlab/tensor';
import { tf } from './tf.js';

/** Copies a latentlab `Tensor` into a tfjs tensor (uint8 becomes int32: tfjs has no uint8 dtype). */
export function toTf(value: Tensor): tf.Tensor {
  if (value.dtype === 'uint8') return tf.tensor(Int32Array.from(value.data), [...value.shape], 'int32');
  return tf.tensor(value.data, [...value.shape], value.dtype);
}

/** Reads a tfjs tensor back into a latentlab `Tensor` (synchronously). */
export function fromTf(value: tf.Tensor): Tensor {
  if (value.dtype === 'float32') return tensor(value.dataSync() as Float32Array, value.shape, 'float32');
  if (value.dtype === 'int32') return tensor(value.dataSync() as Int32Array, value.shape, 'int32');
  if (value.dtype === 'bool') return tensor(Int32Array.from(value.dataSync()), value.shape, 'int32');
  throw new TypeError(`fromTf: tfjs dtype '${value.dtype}' has no latentlab equivalent`);
}

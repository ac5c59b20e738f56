import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';
import { broadcastStrides, sizeOf } from './strides.js';

/** Codes of the operations in native/binary_elementwise.h. */
export const BINARY_OPERATION_CODES = {
  add: 0,
  subtract: 1,
  multiply: 2,
  divide: 3,
  power: 4,
  squaredDifference: 5,
  maximum: 6,
  minimum: 7,
} as const;

export type BinaryOperationName = keyof typeof BINARY_OPERATION_CODES;

/**
 * A binary kernel (Add, Sub, Multiply, RealDiv, Pow, …) on two float32 tensors with NumPy broadcasting,
 * run natively; other dtypes (and shapes that do not broadcast, so tfjs words the error) go to the cpu kernel.
 */
export function nativeBinaryElementwise(
  operation: BinaryOperationName,
): (cpuKernel: KernelFunc) => KernelFunc {
  const code = BINARY_OPERATION_CODES[operation];
  return (cpuKernel) => (call) => {
    const { a, b } = call.inputs as { a?: TensorInfo; b?: TensorInfo };
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    if (!addon || !a || !b) return cpuKernel(call);
    const aValues = float32Values(backend, a);
    const bValues = float32Values(backend, b);
    if (!aValues || !bValues) return cpuKernel(call);
    let outputShape: number[];
    try {
      outputShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    } catch {
      return cpuKernel(call);
    }
    const out = outputArray(backend, sizeOf(outputShape));
    addon.binaryElementwise(
      code,
      aValues,
      broadcastStrides(a.shape, outputShape),
      bValues,
      broadcastStrides(b.shape, outputShape),
      out,
      Int32Array.from(outputShape),
    );
    return backend.makeTensorInfo(outputShape, 'float32', out);
  };
}

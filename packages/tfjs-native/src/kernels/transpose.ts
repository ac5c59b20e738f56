import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, TensorInfo, TransposeAttrs } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';
import { contiguousStrides, sizeOf } from './strides.js';

/** Transpose of a float32 tensor as one strided copy: output axis i reads input axis perm[i]. */
export function nativeTranspose(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { x } = call.inputs as { x?: TensorInfo };
    const { perm } = call.attrs as unknown as TransposeAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    const values = x ? float32Values(backend, x) : null;
    if (!addon || !x || !values || perm.length !== x.shape.length) return cpuKernel(call);
    const inputStrides = contiguousStrides(x.shape);
    const outputShape = perm.map((axis) => x.shape[axis]!); // (x.shape[perm[0]], …)
    const out = outputArray(backend, sizeOf(outputShape));
    addon.stridedCopy(
      values,
      0,
      Int32Array.from(perm, (axis) => inputStrides[axis]!),
      out,
      0,
      Int32Array.from(contiguousStrides(outputShape)),
      Int32Array.from(outputShape),
    );
    return backend.makeTensorInfo(outputShape, 'float32', out);
  };
}

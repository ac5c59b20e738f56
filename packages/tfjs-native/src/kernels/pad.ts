import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, PadV2Attrs, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';
import { contiguousStrides, sizeOf } from './strides.js';

/** PadV2 (constant padding) of a float32 tensor: fill the output, then copy the input into its interior. */
export function nativePad(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { x } = call.inputs as { x?: TensorInfo };
    const { paddings, constantValue } = call.attrs as unknown as PadV2Attrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    const values = x ? float32Values(backend, x) : null;
    if (!addon || !x || !values || paddings.length !== x.shape.length) return cpuKernel(call);
    if (paddings.some(([before, after]) => before < 0 || after < 0)) return cpuKernel(call);
    const outputShape = x.shape.map((extent, axis) => paddings[axis]![0] + extent + paddings[axis]![1]);
    const outputStrides = contiguousStrides(outputShape);
    let offset = 0;
    for (let axis = 0; axis < outputShape.length; axis++) offset += paddings[axis]![0] * outputStrides[axis]!;
    const out = outputArray(backend, sizeOf(outputShape)).fill(constantValue);
    addon.stridedCopy(
      values,
      0,
      Int32Array.from(contiguousStrides(x.shape)),
      out,
      offset,
      Int32Array.from(outputStrides),
      Int32Array.from(x.shape),
    );
    return backend.makeTensorInfo(outputShape, 'float32', out);
  };
}

import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { type KernelFunc, type SliceAttrs, slice_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';
import { contiguousStrides, sizeOf } from './strides.js';

/** Slice of a float32 tensor (a box `begin` … `begin + size`) as one strided copy. */
export function nativeSlice(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { x } = call.inputs as { x?: TensorInfo };
    const attrs = call.attrs as unknown as SliceAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    const values = x ? float32Values(backend, x) : null;
    if (!addon || !x || !values) return cpuKernel(call);
    let begin: number[];
    let size: number[];
    try {
      const [parsedBegin, parsedSize] = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
      if (!parsedBegin || !parsedSize) return cpuKernel(call);
      slice_util.assertParamsValid(x as never, parsedBegin, parsedSize);
      [begin, size] = [parsedBegin, parsedSize];
    } catch {
      return cpuKernel(call); // tfjs words the error
    }
    const strides = contiguousStrides(x.shape);
    let offset = 0;
    for (let axis = 0; axis < begin.length; axis++) offset += begin[axis]! * strides[axis]!;
    const out = outputArray(backend, sizeOf(size));
    addon.stridedCopy(
      values,
      offset,
      Int32Array.from(strides),
      out,
      0,
      Int32Array.from(contiguousStrides(size)),
      Int32Array.from(size),
    );
    return backend.makeTensorInfo(size, 'float32', out);
  };
}

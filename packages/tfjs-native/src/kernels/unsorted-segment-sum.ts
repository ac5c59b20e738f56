import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';

/**
 * UnsortedSegmentSum (the gradient of gather) natively for float32 x with one int32 id per row of x (tfjs
 * takes 1-D ids only): x is viewed as (rows, inner). tfjs's cpu kernel builds a mask, a product and a sum
 * per segment; this is one pass. Anything else goes to the cpu kernel.
 */
export function nativeUnsortedSegmentSum(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { x, segmentIds } = call.inputs as unknown as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = call.attrs as unknown as UnsortedSegmentSumAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    const values = addon ? float32Values(backend, x) : null;
    const ids = segmentIds.dtype === 'int32' ? backend.data.get(segmentIds.dataId).values : null;
    const oneIdPerRow = segmentIds.shape.length === 1 && x.shape.length >= 1 && x.shape[0] === ids?.length;
    if (!addon || !values || !(ids instanceof Int32Array) || !oneIdPerRow) return cpuKernel(call);
    const rows = ids.length;
    const innerShape = x.shape.slice(1);
    const inner = innerShape.reduce((size, extent) => size * extent, 1);
    const out = outputArray(backend, numSegments * inner);
    addon.unsortedSegmentSum(values, ids, out, rows, inner, numSegments);
    return backend.makeTensorInfo([numSegments, ...innerShape], 'float32', out);
  };
}

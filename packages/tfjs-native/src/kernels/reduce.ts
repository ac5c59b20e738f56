import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';
import { middleAxisView, normalizeAxes } from './reduce-view.js';

/** Codes of the reductions native/reduce.h implements. */
export const REDUCTION_CODES = { sum: 0, mean: 1, max: 2 } as const;

type ReductionName = keyof typeof REDUCTION_CODES;

/**
 * A reduction kernel (Sum, Mean: attrs axis/keepDims; Max: reductionIndices/keepDims) that runs natively
 * when the input is float32 and non-empty and its reduced axes form one contiguous run; anything else (other
 * dtypes, scattered axes, invalid axes) goes to the cpu kernel.
 */
function nativeReduction(reduction: ReductionName, axisAttribute: 'axis' | 'reductionIndices') {
  return (cpuKernel: KernelFunc): KernelFunc =>
    (call) => {
      const addon = nativeAddon();
      const x = (call.inputs as unknown as { x: TensorInfo }).x;
      const attrs = call.attrs as unknown as Record<string, unknown>;
      const backend = call.backend as MathBackendCPU;
      const xValues = addon && x.shape.length > 0 ? float32Values(backend, x) : null;
      if (!addon || !xValues || xValues.length === 0) return cpuKernel(call);
      const axes = normalizeAxes(attrs[axisAttribute] as number | number[] | null, x.shape.length);
      const view = axes && middleAxisView(x.shape, axes, attrs['keepDims'] === true);
      if (!view) return cpuKernel(call);
      // output: (outer, inner), reshaped to tfjs's output shape
      const output = outputArray(backend, view.outer * view.inner);
      addon.reduceMiddleAxis(
        xValues,
        output,
        view.outer,
        view.reduce,
        view.inner,
        REDUCTION_CODES[reduction],
      );
      return backend.makeTensorInfo(view.outputShape, 'float32', output);
    };
}

export const nativeSum = nativeReduction('sum', 'axis');
export const nativeMean = nativeReduction('mean', 'axis');
export const nativeMax = nativeReduction('max', 'reductionIndices');

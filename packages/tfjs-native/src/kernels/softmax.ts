import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, SoftmaxAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';

/**
 * Softmax over the last axis (dim −1 or rank − 1, the only one tfjs supports) natively for non-empty float32
 * logits, viewed as (rows, cols) with cols the last dimension; anything else goes to the cpu kernel.
 */
export function nativeSoftmax(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { logits } = call.inputs as unknown as { logits: TensorInfo };
    const { dim } = call.attrs as unknown as SoftmaxAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    const rank = logits.shape.length;
    const values = addon && rank > 0 ? float32Values(backend, logits) : null;
    if (!addon || !values || values.length === 0 || (dim !== -1 && dim !== rank - 1)) return cpuKernel(call);
    const cols = logits.shape[rank - 1]!;
    const probabilities = outputArray(backend, values.length);
    addon.softmaxRows(values, probabilities, values.length / cols, cols);
    return backend.makeTensorInfo(logits.shape, 'float32', probabilities);
  };
}

import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BatchMatMulAttrs, BatchMatMulInputs, KernelFunc } from '@tensorflow/tfjs-core';
import { nativeMatMul } from './native-mat-mul.js';

/** BatchMatMul (what tf.matMul runs, and its gradients) on the native GEMM; the cpu kernel otherwise. */
export function nativeBatchMatMul(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { a, b } = call.inputs as unknown as BatchMatMulInputs;
    const { transposeA, transposeB } = call.attrs as unknown as BatchMatMulAttrs;
    const backend = call.backend as MathBackendCPU;
    const result = a && b ? nativeMatMul(backend, a, b, transposeA, transposeB) : null;
    if (!result) return cpuKernel(call);
    return backend.makeTensorInfo(result.shape, 'float32', result.values);
  };
}

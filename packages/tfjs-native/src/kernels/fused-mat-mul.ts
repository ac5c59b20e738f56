import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { _FusedMatMulAttrs, _FusedMatMulInputs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { float32Values, nativeMatMul } from './native-mat-mul.js';

/** Codes of the activations the native epilogue (src/native/bias_activation.h) implements. */
export const ACTIVATION_CODES: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyrelu: 3,
  sigmoid: 4,
  elu: 5,
};

/** A bias the epilogue can add row by row: N values, every other dimension of size 1. */
function isRowBias(bias: TensorInfo, cols: number): boolean {
  const shape = bias.shape;
  return (
    shape.length >= 1 &&
    shape[shape.length - 1] === cols &&
    shape.every((dim, axis) => axis === shape.length - 1 || dim === 1)
  );
}

/**
 * _FusedMatMul (tf.fused.matMul: matmul + bias + activation) natively; prelu, other bias shapes and
 * non-float32 inputs go to the cpu kernel.
 */
export function nativeFusedMatMul(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { a, b, bias, preluActivationWeights } = call.inputs as unknown as _FusedMatMulInputs;
    const { transposeA, transposeB, activation, leakyreluAlpha } = call.attrs as unknown as _FusedMatMulAttrs;
    const backend = call.backend as MathBackendCPU;
    const activationCode = ACTIVATION_CODES[activation ?? 'linear'];
    const addon = nativeAddon();
    if (!addon || activationCode === undefined || preluActivationWeights) return cpuKernel(call);
    const biasValues = bias ? float32Values(backend, bias) : null;
    if (bias && !biasValues) return cpuKernel(call);
    // The bias must be one row of N values (checked before the GEMM, so no output array is wasted).
    const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    const outputRank = Math.max(a.shape.length, b.shape.length);
    if (bias && (n === undefined || !isRowBias(bias, n) || bias.shape.length > outputRank))
      return cpuKernel(call);
    const result = nativeMatMul(backend, a, b, transposeA, transposeB);
    if (!result) return cpuKernel(call);
    if (bias || activationCode !== ACTIVATION_CODES['linear']) {
      addon.biasActivation(
        result.values,
        result.rows,
        result.cols,
        biasValues,
        activationCode,
        leakyreluAlpha ?? 0.2,
      );
    }
    return backend.makeTensorInfo(result.shape, 'float32', result.values);
  };
}

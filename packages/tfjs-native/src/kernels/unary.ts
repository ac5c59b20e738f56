import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { float32Values } from './native-mat-mul.js';

/** Codes of the elementwise functions native/unary.h implements, by tfjs kernel name. */
export const UNARY_OPERATION_CODES: Readonly<Record<string, number>> = {
  [tf.Tanh]: 0,
  [tf.Exp]: 1,
  [tf.Sqrt]: 2,
  [tf.Rsqrt]: 3,
  [tf.Square]: 4,
  [tf.Sigmoid]: 5,
  [tf.Neg]: 6,
};

/** An elementwise kernel that runs natively for float32 inputs; other dtypes go to the cpu kernel. */
export function nativeUnary(kernelName: string) {
  const operationCode = UNARY_OPERATION_CODES[kernelName];
  if (operationCode === undefined) throw new Error(`@latentlab/tfjs-native: no native ${kernelName}`);
  return (cpuKernel: KernelFunc): KernelFunc =>
    (call) => {
      const x = (call.inputs as unknown as { x: TensorInfo }).x;
      const backend = call.backend as MathBackendCPU;
      const addon = nativeAddon();
      const values = addon ? float32Values(backend, x) : null;
      if (!addon || !values) return cpuKernel(call);
      const output = outputArray(backend, values.length);
      addon.unary(values, output, values.length, operationCode);
      return backend.makeTensorInfo(x.shape, 'float32', output);
    };
}

/** Every native elementwise kernel, keyed by tfjs kernel name, for NATIVE_KERNELS. */
export const NATIVE_UNARY_KERNELS: Readonly<Record<string, (cpuKernel: KernelFunc) => KernelFunc>> =
  Object.fromEntries(
    Object.keys(UNARY_OPERATION_CODES).map((kernelName) => [kernelName, nativeUnary(kernelName)]),
  );

import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../native-addon.js';
import { float32Values } from './native-mat-mul.js';

/** Kernel names of the fused GELU-tanh pair; only the native backend registers them. */
export const GELU_TANH_KERNEL = 'LatentlabGeluTanh';
export const GELU_TANH_GRADIENT_KERNEL = 'LatentlabGeluTanhGradient';

function valuesOf(backend: MathBackendCPU, tensor: TensorInfo | undefined, name: string): Float32Array {
  const values = tensor ? float32Values(backend, tensor) : null;
  if (!values) throw new Error(`${GELU_TANH_KERNEL}: input '${name}' must be a float32 tensor`);
  return values;
}

/** The two kernels for `backendName`: y = gelu_tanh(x) and dx = dy · gelu_tanh'(x) (native/gelu_tanh.h). */
export function geluTanhKernelConfigs(backendName: string): KernelConfig[] {
  return [
    {
      kernelName: GELU_TANH_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const cpu = backend as MathBackendCPU;
        const x = inputs['x'] as TensorInfo;
        const y = new Float32Array(x.shape.reduce((size, extent) => size * extent, 1));
        nativeAddon()!.geluTanh(valuesOf(cpu, x, 'x'), y);
        return cpu.makeTensorInfo(x.shape, 'float32', y);
      },
    },
    {
      kernelName: GELU_TANH_GRADIENT_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const cpu = backend as MathBackendCPU;
        const x = inputs['x'] as TensorInfo;
        const dy = inputs['dy'] as TensorInfo;
        const xValues = valuesOf(cpu, x, 'x');
        const dyValues = valuesOf(cpu, dy, 'dy');
        if (dyValues.length !== xValues.length)
          throw new Error(`${GELU_TANH_GRADIENT_KERNEL}: dy and x differ in size`);
        const dx = new Float32Array(xValues.length);
        nativeAddon()!.geluTanhGradient(xValues, dyValues, dx);
        return cpu.makeTensorInfo(x.shape, 'float32', dx);
      },
    },
  ];
}

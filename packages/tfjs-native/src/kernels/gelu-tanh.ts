import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { requireFloat32Values } from './native-mat-mul.js';

/** Kernel names of the fused GELU-tanh pair; only the native backend registers them. */
export const GELU_TANH_KERNEL = 'LatentlabGeluTanh';
export const GELU_TANH_GRADIENT_KERNEL = 'LatentlabGeluTanhGradient';

/** The two kernels for `backendName`: y = gelu_tanh(x) and dx = dy · gelu_tanh'(x) (native/gelu_tanh.h). */
export function geluTanhKernelConfigs(backendName: string): KernelConfig[] {
  return [
    {
      kernelName: GELU_TANH_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const cpu = backend as MathBackendCPU;
        const x = inputs['x'] as TensorInfo;
        const y = outputArray(
          cpu,
          x.shape.reduce((size, extent) => size * extent, 1),
        );
        nativeAddon()!.geluTanh(requireFloat32Values(cpu, x, GELU_TANH_KERNEL, 'x'), y);
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
        const xValues = requireFloat32Values(cpu, x, GELU_TANH_KERNEL, 'x');
        const dyValues = requireFloat32Values(cpu, dy, GELU_TANH_GRADIENT_KERNEL, 'dy');
        if (dyValues.length !== xValues.length)
          throw new Error(`${GELU_TANH_GRADIENT_KERNEL}: dy and x differ in size`);
        const dx = outputArray(cpu, xValues.length);
        nativeAddon()!.geluTanhGradient(xValues, dyValues, dx);
        return cpu.makeTensorInfo(x.shape, 'float32', dx);
      },
    },
  ];
}

import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { requireFloat32Values } from './native-mat-mul.js';

/** Kernel name of the fused EMA step; only the native backend registers it. */
export const EMA_UPDATE_KERNEL = 'LatentlabEmaUpdate';

/** d and 1 − d as JS numbers, as @latentlab/tfjs's ExponentialMovingAverage computes them. */
export interface EmaUpdateAttrs {
  decay: number;
  oneMinusDecay: number;
}

/** θ̄ ← d·θ̄ + (1 − d)·θ (native/ema_update.h): inputs average, parameter; one output. */
export function emaUpdateKernelConfig(backendName: string): KernelConfig {
  return {
    kernelName: EMA_UPDATE_KERNEL,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as MathBackendCPU;
      const average = inputs['average'] as TensorInfo | undefined;
      const averageValues = requireFloat32Values(cpu, average, EMA_UPDATE_KERNEL, 'average');
      const parameter = requireFloat32Values(
        cpu,
        inputs['parameter'] as TensorInfo,
        EMA_UPDATE_KERNEL,
        'parameter',
      );
      if (parameter.length !== averageValues.length) {
        throw new Error(
          `${EMA_UPDATE_KERNEL}: 'parameter' has ${parameter.length} values, the average ${averageValues.length}`,
        );
      }
      const { decay, oneMinusDecay } = attrs as unknown as EmaUpdateAttrs;
      const newAverage = outputArray(cpu, averageValues.length);
      nativeAddon()!.emaUpdate(averageValues, parameter, newAverage, decay, oneMinusDecay);
      return cpu.makeTensorInfo(average!.shape, 'float32', newAverage);
    },
  };
}

import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { requireFloat32Values } from './native-mat-mul.js';
import { sizeOf } from './strides.js';

/** Kernel names of the fused layer norm (last axis, no affine) pair; only the native backend has them. */
export const LAYER_NORM_KERNEL = 'LatentlabLayerNorm';
export const LAYER_NORM_GRADIENT_KERNEL = 'LatentlabLayerNormGradient';

/** Rows and columns of x viewed as (rows, last axis). */
function rowsAndCols(x: TensorInfo): [number, number] {
  // Rows from the leading dimensions, so an empty last axis still gives one (NaN) mean per row.
  return [sizeOf(x.shape.slice(0, -1)), x.shape[x.shape.length - 1] ?? 1];
}

/**
 * The two kernels for `backendName` (native/layer_norm.h): LatentlabLayerNorm(x; epsilon) → [y, mean,
 * inverseStd] with mean and inverseStd of shape (…, 1), and LatentlabLayerNormGradient(x, mean,
 * inverseStd, dy) → dx.
 */
export function layerNormKernelConfigs(backendName: string): KernelConfig[] {
  return [
    {
      kernelName: LAYER_NORM_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const cpu = backend as MathBackendCPU;
        const x = inputs['x'] as TensorInfo;
        const epsilon = Number((attrs as { epsilon?: number }).epsilon ?? 1e-5);
        const [rows, cols] = rowsAndCols(x);
        const y = outputArray(cpu, rows * cols);
        const mean = outputArray(cpu, rows);
        const inverseStd = outputArray(cpu, rows);
        nativeAddon()!.layerNorm(
          requireFloat32Values(cpu, x, LAYER_NORM_KERNEL, 'x'),
          y,
          mean,
          inverseStd,
          rows,
          cols,
          epsilon,
        );
        const statisticsShape = [...x.shape.slice(0, -1), 1];
        return [
          cpu.makeTensorInfo(x.shape, 'float32', y),
          cpu.makeTensorInfo(statisticsShape, 'float32', mean),
          cpu.makeTensorInfo(statisticsShape, 'float32', inverseStd),
        ];
      },
    },
    {
      kernelName: LAYER_NORM_GRADIENT_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const cpu = backend as MathBackendCPU;
        const x = inputs['x'] as TensorInfo;
        const [rows, cols] = rowsAndCols(x);
        const dx = outputArray(cpu, rows * cols);
        const kernel = LAYER_NORM_GRADIENT_KERNEL;
        nativeAddon()!.layerNormGradient(
          requireFloat32Values(cpu, x, kernel, 'x'),
          requireFloat32Values(cpu, inputs['mean'], kernel, 'mean'),
          requireFloat32Values(cpu, inputs['inverseStd'], kernel, 'inverseStd'),
          requireFloat32Values(cpu, inputs['dy'], kernel, 'dy'),
          dx,
          rows,
          cols,
        );
        return cpu.makeTensorInfo(x.shape, 'float32', dx);
      },
    },
  ];
}

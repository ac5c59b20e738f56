import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { Conv2DAttrs, Conv2DInputs, KernelFunc } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { conv2DOutputShape, nativeConv2DGeometry } from './conv2d-geometry.js';
import { float32Values } from './native-mat-mul.js';

/**
 * Conv2D (tf.conv2d) as im2col + the native GEMM for NHWC float32 inputs, any padding, stride or
 * dilation; NCHW and other dtypes go to the cpu kernel.
 */
export function nativeConv2D(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { x, filter } = call.inputs as unknown as Conv2DInputs;
    const attrs = call.attrs as unknown as Conv2DAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    if (!addon || !x || !filter) return cpuKernel(call);
    const geometry = nativeConv2DGeometry(x.shape, filter.shape, attrs);
    const xValues = float32Values(backend, x); // (batch, inHeight, inWidth, inChannels)
    const filterValues = float32Values(backend, filter); // (filterHeight, filterWidth, inChannels, outChannels)
    if (!geometry || !xValues || !filterValues) return cpuKernel(call);
    const outShape = conv2DOutputShape(geometry); // (batch, outHeight, outWidth, outChannels)
    const y = outputArray(
      backend,
      outShape.reduce((size, dim) => size * dim, 1),
    );
    addon.conv2d(xValues, filterValues, y, geometry);
    return backend.makeTensorInfo(outShape, 'float32', y);
  };
}

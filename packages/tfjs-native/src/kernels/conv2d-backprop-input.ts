import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { Conv2DBackpropInputAttrs, Conv2DBackpropInputInputs, KernelFunc } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { matchesOutput, nativeConv2DGeometry } from './conv2d-geometry.js';
import { float32Values } from './native-mat-mul.js';

/**
 * Conv2DBackpropInput (the input gradient of tf.conv2d, and tf.conv2dTranspose): dx = col2im(dy · W^T)
 * natively for NHWC float32; anything else goes to the cpu kernel.
 */
export function nativeConv2DBackpropInput(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { dy, filter } = call.inputs as unknown as Conv2DBackpropInputInputs;
    const attrs = call.attrs as unknown as Conv2DBackpropInputAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    if (!addon || !dy || !filter) return cpuKernel(call);
    const geometry = nativeConv2DGeometry(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 });
    const dyValues = float32Values(backend, dy); // (batch, outHeight, outWidth, outChannels)
    const filterValues = float32Values(backend, filter); // (filterHeight, filterWidth, inChannels, outChannels)
    if (!geometry || !dyValues || !filterValues || !matchesOutput(dy, geometry)) return cpuKernel(call);
    const dx = outputArray(
      backend,
      attrs.inputShape.reduce((size, dim) => size * dim, 1),
    );
    addon.conv2dBackpropInput(dyValues, filterValues, dx, geometry);
    // (batch, inHeight, inWidth, inChannels)
    return backend.makeTensorInfo([...attrs.inputShape], 'float32', dx);
  };
}

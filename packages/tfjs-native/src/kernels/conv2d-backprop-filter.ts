import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelFunc,
} from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { matchesOutput, nativeConv2DGeometry } from './conv2d-geometry.js';
import { float32Values } from './native-mat-mul.js';

/**
 * Conv2DBackpropFilter (the filter gradient of tf.conv2d): dW = im2col(x)^T · dy natively for NHWC
 * float32; anything else goes to the cpu kernel.
 */
export function nativeConv2DBackpropFilter(cpuKernel: KernelFunc): KernelFunc {
  return (call) => {
    const { x, dy } = call.inputs as unknown as Conv2DBackpropFilterInputs;
    const attrs = call.attrs as unknown as Conv2DBackpropFilterAttrs;
    const backend = call.backend as MathBackendCPU;
    const addon = nativeAddon();
    if (!addon || !x || !dy) return cpuKernel(call);
    const geometry = nativeConv2DGeometry(x.shape, attrs.filterShape, { ...attrs, dilations: 1 });
    const xValues = float32Values(backend, x); // (batch, inHeight, inWidth, inChannels)
    const dyValues = float32Values(backend, dy); // (batch, outHeight, outWidth, outChannels)
    if (!geometry || !xValues || !dyValues || !matchesOutput(dy, geometry)) return cpuKernel(call);
    const dw = outputArray(
      backend,
      attrs.filterShape.reduce((size, dim) => size * dim, 1),
    );
    addon.conv2dBackpropFilter(xValues, dyValues, dw, geometry);
    // (filterHeight, filterWidth, inChannels, outChannels)
    return backend.makeTensorInfo([...attrs.filterShape], 'float32', dw);
  };
}

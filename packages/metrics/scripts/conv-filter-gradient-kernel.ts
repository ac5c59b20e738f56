import { tf } from '@latentlab/tfjs';

/**
 * A faster `Conv2DBackpropFilter` for the pure-JS `cpu` backend, registered by name (as tfjs's
 * kernel registry allows) for training only. tfjs's own kernel walks the filter with strided reads and
 * dominated a training step (≈ 90% of it). Here each (image, output pixel, tap) adds the outer product of
 * a contiguous input row (C_in) and a contiguous output-gradient row (C_out):
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh, ow·s + kw, ci] · dy[b, oh, ow, co].
 * Handles what `@latentlab/tfjs` conv2d issues: NHWC, 'valid' padding (it pads explicitly), dilation 1.
 */
export function registerFastConvFilterGradient(): void {
  const kernelName = 'Conv2DBackpropFilter';
  const previous = tf.getKernel(kernelName, 'cpu');
  if (!previous) return;
  tf.unregisterKernel(kernelName, 'cpu');
  tf.registerKernel({
    kernelName,
    backendName: 'cpu',
    kernelFunc: (args) => {
      const attrs = args.attrs as {
        strides: number | [number, number];
        pad: unknown;
        dataFormat: string;
        filterShape: number[];
      };
      const supported = attrs.pad === 'valid' && attrs.dataFormat === 'NHWC';
      if (!supported) return previous.kernelFunc(args);
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const backend = args.backend as unknown as {
        readSync(dataId: object): Float32Array;
        makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
      };
      const input = backend.readSync(x.dataId); // (B, H, W, Ci)
      const gradient = backend.readSync(dy.dataId); // (B, Ho, Wo, Co)
      const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
      const [, outHeight, outWidth, outChannels] = dy.shape as [number, number, number, number];
      const [kernelH, kernelW] = attrs.filterShape as [number, number];
      const [strideH, strideW] =
        typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
      const filterGradient = new Float32Array(kernelH * kernelW * inChannels * outChannels); // (kH, kW, Ci, Co)
      for (let b = 0; b < batch; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          for (let ow = 0; ow < outWidth; ow++) {
            const gradientRow = ((b * outHeight + oh) * outWidth + ow) * outChannels;
            for (let kh = 0; kh < kernelH; kh++) {
              for (let kw = 0; kw < kernelW; kw++) {
                const inputRow = ((b * height + oh * strideH + kh) * width + ow * strideW + kw) * inChannels;
                const tapRow = (kh * kernelW + kw) * inChannels * outChannels;
                for (let ci = 0; ci < inChannels; ci++) {
                  const value = input[inputRow + ci] as number;
                  if (value === 0) continue;
                  const row = tapRow + ci * outChannels;
                  for (let co = 0; co < outChannels; co++) {
                    filterGradient[row + co] =
                      (filterGradient[row + co] as number) + value * (gradient[gradientRow + co] as number);
                  }
                }
              }
            }
          }
        }
      }
      return backend.makeTensorInfo(attrs.filterShape, 'float32', filterGradient);
    },
  });
}

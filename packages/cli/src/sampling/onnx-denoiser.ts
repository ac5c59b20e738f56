import type { OnnxRunner } from '@latentlab/onnx';
import type { Denoiser } from '@latentlab/samplers';
import { tensor } from '@latentlab/tensor';

/** An exported model run by onnxruntime as a sampler's `Denoiser`: condition = class labels (B) int32. */
export function onnxDenoiser(runner: OnnxRunner): Denoiser<Int32Array> {
  return async ({ x, shape, t, condition }) => {
    const batch = shape[0]!;
    const { output } = await runner.run({
      x: tensor(x, shape), // (B, …)
      t: tensor(new Float32Array(batch).fill(t), [batch]), // (B)
      y: tensor(condition, [batch], 'int32'), // (B)
    });
    return output!.data as Float32Array;
  };
}

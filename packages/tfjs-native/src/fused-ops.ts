import * as tf from '@tensorflow/tfjs';
import { GELU_TANH_GRADIENT_KERNEL, GELU_TANH_KERNEL } from './kernels/gelu-tanh.js';

/** Whether the active tfjs backend has kernel `name` (the native backend registers the fused ones). */
function activeBackendHas(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

const geluTanhWithGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const input = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  save([input]);
  return {
    value: tf.engine().runKernel(GELU_TANH_KERNEL, { x: input }) as tf.Tensor,
    gradFunc: (dy, saved) =>
      tf.engine().runKernel(GELU_TANH_GRADIENT_KERNEL, { x: saved[0]!, dy }) as tf.Tensor,
  };
});

/**
 * GELU (tanh approximation) as one fused kernel with a fused gradient where the active backend has them
 * (the native backend); null elsewhere, so the caller uses the composite form.
 */
export function fusedGeluTanh(x: tf.Tensor): tf.Tensor | null {
  if (x.dtype !== 'float32' || !activeBackendHas(GELU_TANH_KERNEL)) return null;
  return geluTanhWithGradient(x) as tf.Tensor;
}

import * as tf from '@tensorflow/tfjs';
import { GELU_TANH_GRADIENT_KERNEL, GELU_TANH_KERNEL } from './kernels/gelu-tanh.js';
import { LAYER_NORM_GRADIENT_KERNEL, LAYER_NORM_KERNEL } from './kernels/layer-norm.js';

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

const layerNormByEpsilon = new Map<number, (x: tf.Tensor) => tf.Tensor>();

function layerNormWithGradient(epsilon: number): (x: tf.Tensor) => tf.Tensor {
  let normalise = layerNormByEpsilon.get(epsilon);
  if (!normalise) {
    const withGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const input = args[0] as tf.Tensor;
      const save = args[1] as tf.GradSaveFunc;
      const [y, mean, inverseStd] = tf
        .engine()
        .runKernel(LAYER_NORM_KERNEL, { x: input }, { epsilon }) as tf.Tensor[];
      save([input, mean!, inverseStd!]);
      return {
        value: y!,
        gradFunc: (dy, saved) =>
          tf.engine().runKernel(LAYER_NORM_GRADIENT_KERNEL, {
            x: saved[0]!,
            mean: saved[1]!,
            inverseStd: saved[2]!,
            dy,
          }) as tf.Tensor,
      };
    });
    normalise = (x) => withGradient(x) as tf.Tensor;
    layerNormByEpsilon.set(epsilon, normalise);
  }
  return normalise;
}

/**
 * Layer norm over the last axis without affine parameters, (x − mean) / √(var + ε), as one fused kernel
 * with a fused gradient where the active backend has them (the native backend); null elsewhere.
 */
export function fusedLayerNorm(x: tf.Tensor, epsilon: number): tf.Tensor | null {
  if (x.dtype !== 'float32' || x.rank < 1 || !activeBackendHas(LAYER_NORM_KERNEL)) return null;
  return layerNormWithGradient(epsilon)(x);
}

import { ADAMW_UPDATE_KERNEL, type AdamWUpdateAttrs } from './kernels/adamw.js';
import { EMA_UPDATE_KERNEL, type EmaUpdateAttrs } from './kernels/ema-update.js';
import { GELU_TANH_GRADIENT_KERNEL, GELU_TANH_KERNEL } from './kernels/gelu-tanh.js';
import { LAYER_NORM_GRADIENT_KERNEL, LAYER_NORM_KERNEL } from './kernels/layer-norm.js';
import { tf } from './tfjs.js';

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

/** The three tensors one fused AdamW step produces for a parameter. */
export interface AdamWUpdateResult {
  parameter: tf.Tensor;
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
}

/**
 * One AdamW step for one float32 parameter as a single kernel where the active backend has it (the native
 * backend), bit-identical to the unfused elementwise kernels; null elsewhere, so the caller runs those.
 */
export function fusedAdamWUpdate(
  parameter: tf.Tensor,
  gradient: tf.Tensor,
  firstMoment: tf.Tensor,
  secondMoment: tf.Tensor,
  attrs: AdamWUpdateAttrs,
): AdamWUpdateResult | null {
  const tensors = [parameter, gradient, firstMoment, secondMoment];
  if (tensors.some((tensor) => tensor.dtype !== 'float32') || !activeBackendHas(ADAMW_UPDATE_KERNEL))
    return null;
  const [newParameter, newFirstMoment, newSecondMoment] = tf
    .engine()
    .runKernel(
      ADAMW_UPDATE_KERNEL,
      { parameter, gradient, firstMoment, secondMoment },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor[];
  return { parameter: newParameter!, firstMoment: newFirstMoment!, secondMoment: newSecondMoment! };
}

/**
 * One EMA step θ̄ ← d·θ̄ + (1 − d)·θ for one float32 tensor as a single kernel where the active backend has
 * it (the native backend), bit-identical to the three unfused kernels; null elsewhere.
 */
export function fusedEmaUpdate(
  average: tf.Tensor,
  parameter: tf.Tensor,
  attrs: EmaUpdateAttrs,
): tf.Tensor | null {
  if (average.dtype !== 'float32' || parameter.dtype !== 'float32' || !activeBackendHas(EMA_UPDATE_KERNEL)) {
    return null;
  }
  return tf
    .engine()
    .runKernel(EMA_UPDATE_KERNEL, { average, parameter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

import { freeingVariableGrads } from './freeing-backward.js';
import { tf } from './tf.js';
import type { TrainableParams } from './trainable-params.js';

export interface LossAndGradients {
  loss: number;
  /** Gradient of the loss for each trainable parameter, by latentlab name. The caller disposes them. */
  gradients: Map<string, tf.Tensor>;
}

/** Evaluates a scalar loss and its gradients with respect to every trainable parameter. */
export function lossAndGradients(params: TrainableParams, loss: () => tf.Scalar): LossAndGradients {
  const trainable = [...params.variables].filter(([, variable]) => variable.trainable);
  const variables = trainable.map(([, variable]) => variable);
  const { value, grads } = freeingVariableGrads(loss, variables);
  const gradients = new Map<string, tf.Tensor>();
  for (const [name, variable] of trainable) {
    const gradient = grads[variable.name];
    if (gradient) gradients.set(name, gradient);
  }
  const lossValue = value.dataSync()[0] as number;
  value.dispose();
  return { loss: lossValue, gradients };
}

/**
 * Scales gradients in place so that their global L2 norm is at most `maxNorm` (as PyTorch's
 * `clip_grad_norm_`). Returns the norm before clipping.
 */
export function clipGradientNorm(gradients: Map<string, tf.Tensor>, maxNorm: number): number {
  const norm = globalGradientNorm(gradients);
  if (norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (const [name, gradient] of gradients) {
      gradients.set(name, tf.mul(gradient, scale));
      gradient.dispose();
    }
  }
  return norm;
}

/** The global L2 norm of all gradients, √(Σ‖g‖²) (what `clipGradientNorm` compares with its limit). */
export function globalGradientNorm(gradients: ReadonlyMap<string, tf.Tensor>): number {
  return tf.tidy(() => {
    const squares = [...gradients.values()].map((gradient) => tf.sum(tf.square(gradient)));
    return tf.sqrt(tf.addN(squares)).dataSync()[0] as number;
  });
}

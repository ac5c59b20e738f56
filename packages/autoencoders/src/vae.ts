import type { Ops, Params } from '@latentlab/tensor';
import type { VaeConfig } from './autoencoder-config.js';
import { convDecoder } from './conv-decoder.js';
import { convEncoder } from './conv-encoder.js';

/** log σ² is clamped to this range before use, as the latent-diffusion autoencoder's DiagonalGaussian. */
const LOG_VARIANCE_RANGE = [-30, 20] as const;

/** The posterior q(z|x) = N(mean, exp(logVariance)) of images x: both (N, C, s, s). */
export function vaePosterior<T>(
  ops: Ops<T>,
  params: Params<T>,
  x: T,
  config: VaeConfig,
): { mean: T; logVariance: T } {
  const C = config.latentChannels;
  const moments = convEncoder(ops, params, x, config, 2 * C); // (N, 2C, s, s)
  const mean = ops.slice(moments, 1, 0, C); // (N, C, s, s)
  const raw = ops.slice(moments, 1, C, 2 * C);
  const logVariance = ops.minimum(
    ops.maximum(raw, ops.scalar(LOG_VARIANCE_RANGE[0])),
    ops.scalar(LOG_VARIANCE_RANGE[1]),
  ); // (N, C, s, s)
  return { mean, logVariance };
}

/**
 * The VAE's training pass: z = mean + exp(½ log σ²)·ε (the reparameterisation, Kingma & Welling 2014 §2.4)
 * with ε (N, C, s, s) given as `noise`, decoded; and KL(q(z|x) ‖ N(0, I)) = ½ Σ (mean² + σ² − 1 − log σ²)
 * summed over the latent of each image and averaged over the batch (nats per image; eq. 10 of the paper).
 * x (N, 1, S, S) → reconstruction (N, 1, S, S), kl ().
 */
export function vaeForward<T>(
  ops: Ops<T>,
  params: Params<T>,
  x: T,
  noise: T,
  config: VaeConfig,
): { reconstruction: T; kl: T } {
  const { mean, logVariance } = vaePosterior(ops, params, x, config);
  const z = ops.add(mean, ops.mul(ops.exp(ops.mul(logVariance, ops.scalar(0.5))), noise)); // (N, C, s, s)
  const reconstruction = convDecoder(ops, params, z, config);
  const perElement = ops.sub(
    ops.add(ops.square(mean), ops.exp(logVariance)),
    ops.add(logVariance, ops.scalar(1)),
  ); // (N, C, s, s)
  const kl = ops.mul(ops.mean(ops.sum(perElement, [1, 2, 3])), ops.scalar(0.5));
  return { reconstruction, kl };
}

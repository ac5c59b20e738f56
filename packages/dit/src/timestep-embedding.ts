import { initializers, linear, type Ops, type Params, type Tensor, tensor } from '@latentlab/tensor';

/**
 * The frequencies of the sinusoidal timestep features: f_i = exp(−ln(10000) · i / half), i = 0 … half − 1,
 * half = size / 2 (the Transformer's sinusoids, Vaswani et al. 2017 §3.5, in the GLIDE/ADM form DiT uses).
 * Computed in float64, rounded to float32. Returns (1, half).
 */
export function timestepFrequencies(size: number): Tensor<'float32'> {
  const half = size / 2;
  const values = new Float32Array(half);
  for (let i = 0; i < half; i++) values[i] = Math.exp((-Math.log(10000) * i) / half);
  return tensor(values, [1, half]);
}

/**
 * Sinusoidal features of the timestep: a = (t · scale) · f, features = [cos(a), sin(a)] (cosines first,
 * as DiT's `TimestepEmbedder.timestep_embedding` and the PyTorch peer). t (B) → (B, size).
 */
export function timestepFeatures<T>(ops: Ops<T>, times: T, size: number, scale: number): T {
  const scaled = ops.mul(ops.reshape(times, [-1, 1]), ops.scalar(scale)); // (B, 1)
  const angles = ops.mul(scaled, ops.constant(timestepFrequencies(size))); // (B, size/2)
  return ops.concat([ops.cos(angles), ops.sin(angles)], -1); // (B, size)
}

/**
 * Timestep embedding (Peebles & Xie 2023 §3.2: "a 256-dimensional frequency embedding … followed by a
 * two-layer MLP with dimensionality equal to the transformer's hidden size and SiLU activations"):
 * `<prefix>.mlp.0` (D, size) → SiLU → `<prefix>.mlp.2` (D, D), weights N(0, 0.02²) as DiT's
 * `initialize_weights`, biases zero. t (B) → (B, D).
 */
export function timestepEmbedding<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  times: T,
  frequencyEmbeddingSize: number,
  timestepScale: number,
  width: number,
): T {
  const features = timestepFeatures(ops, times, frequencyEmbeddingSize, timestepScale); // (B, 256)
  const weightInit = initializers.normal(0.02);
  const hidden = ops.silu(linear(ops, params, `${prefix}.mlp.0`, features, width, { weightInit })); // (B, D)
  return linear(ops, params, `${prefix}.mlp.2`, hidden, width, { weightInit }); // (B, D)
}

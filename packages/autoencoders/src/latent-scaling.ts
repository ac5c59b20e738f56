/**
 * Latent diffusion's scaling (Rombach et al. 2022, §4.3.2): a latent model works on
 * z' = scale · (z − shift), scale = 1 / std of the training latents, so that it sees unit variance.
 */
export interface LatentScaling {
  scale: number;
  shift: number;
}

/** Autoencoder latents z → the latent model's space z' = scale · (z − shift) (a new array). */
export function latentsToModelSpace(latents: Float32Array, scaling: LatentScaling): Float32Array {
  const { scale, shift } = scaling;
  return latents.map((value) => scale * (value - shift));
}

/** The latent model's samples z' → autoencoder latents z = z' / scale + shift (a new array). */
export function latentsFromModelSpace(samples: Float32Array, scaling: LatentScaling): Float32Array {
  const { scale, shift } = scaling;
  return samples.map((value) => value / scale + shift);
}

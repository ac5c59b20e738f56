import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { latentShape, latentsFromModelSpace } from '@latentlab/autoencoders';
import { readModelCard } from '@latentlab/onnx';
import { checkLatentAgreement, type ModelCard, type Tensor, tensor } from '@latentlab/tensor';
import { CliError } from '../errors.js';
import {
  type LatentAutoencoder,
  type LatentRunInfo,
  loadLatentAutoencoder,
} from '../latents/latent-autoencoder.js';
import { runGraphOnTfjs } from '../training/tfjs-graph-runner.js';

/**
 * Turns a latent denoiser's samples into images: z = sample / scale + shift, then the VAE's decoder. A
 * sampler's output (B, …latentShape) becomes (B, …shape) in the decoder's image space ([−1, 1]).
 */
export interface SampleDecoder {
  /** One decoded image, e.g. (1, 28, 28). */
  shape: number[];
  decode(samples: Float32Array, count: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** The decoder of a loaded VAE on tfjs. */
export function tfjsLatentDecoder(
  autoencoder: LatentAutoencoder,
  scaling: LatentRunInfo['latentScaling'],
): SampleDecoder {
  const { config } = autoencoder;
  return {
    shape: [config.imageChannels, config.imageSize, config.imageSize],
    decode: async (samples, count) => {
      const latent = tensor(latentsFromModelSpace(samples, scaling), [count, ...latentShape(config)]);
      const { x } = runGraphOnTfjs(config, 'decoder', autoencoder.weights, { latent });
      return (x as Tensor<'float32'>).data;
    },
    release: async () => {},
  };
}

/**
 * The decoder of a latent denoiser run on tfjs: its VAE run (from the run state), refused when that folder
 * now holds another autoencoder (retrained) than the one the denoiser learnt the latents of.
 */
export function runLatentDecoder(latent: LatentRunInfo, directory: string): SampleDecoder {
  const autoencoder = loadLatentAutoencoder(latent.directory);
  if (autoencoder.id !== latent.autoencoderId) {
    throw new CliError(
      `${directory} was trained on the latents of autoencoder ${latent.autoencoderId} but ${latent.directory} now holds autoencoder ${autoencoder.id} (retrained?): its latents mean something else`,
    );
  }
  return tfjsLatentDecoder(autoencoder, latent.latentScaling);
}

/**
 * The exported decoder beside an exported latent denoiser (`denoiser.latent.decoder` of its card,
 * relative to it) in onnxruntime-node, checked against the denoiser's card (same autoencoder, latent shape
 * and scaling: `checkLatentAgreement`).
 */
export async function onnxLatentDecoder(card: ModelCard, denoiserPath: string): Promise<SampleDecoder> {
  const latent = card.denoiser!.latent!;
  const path = join(dirname(denoiserPath), latent.decoder);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new CliError(
      `${denoiserPath} is a latent model: its decoder ${path} (denoiser.latent.decoder of its card) cannot be read: ${(error as Error).message}`,
    );
  }
  const decoderCard = readModelCard(bytes, path);
  checkLatentAgreement(card, denoiserPath, decoderCard, path);
  const spec = decoderCard.autoencoder!;
  const { createNodeRunner } = await import('@latentlab/onnx/node');
  const runner = await createNodeRunner(bytes);
  return {
    shape: [...spec.imageShape],
    decode: async (samples, count) => {
      const scaled = latentsFromModelSpace(samples, latent.latentScaling);
      const { x } = await runner.run({ latent: tensor(scaled, [count, ...spec.latentShape]) });
      return x!.data as Float32Array;
    },
    release: () => runner.release(),
  };
}

import type { InputSpec } from '@latentlab/tensor';
import { type ConvAutoencoderConfig, checkConvAutoencoderConfig, latentSize } from './conv-config.js';
import { checkFsqLevels, fsqCodebookSize } from './fsq-levels.js';

/** A KL-regularised autoencoder (Kingma & Welling 2014) with a continuous C-channel latent grid. */
export interface VaeConfig extends ConvAutoencoderConfig {
  kind: 'vae';
}

/** A VQ-VAE (van den Oord et al. 2017): the latent grid's vectors (dimension `latentChannels`) snap to K codes. */
export interface VqVaeConfig extends ConvAutoencoderConfig {
  kind: 'vqvae';
  codebookSize: number;
  /** Cosine lookup on l2-normalised vectors and codes (LlamaGen's default). */
  l2Normalize: boolean;
  /** Commitment weight β (0.25). */
  beta: number;
}

/** An FSQ autoencoder (Mentzer et al. 2023): `latentChannels` = levels.length, ∏ levels codes. */
export interface FsqAutoencoderConfig extends ConvAutoencoderConfig {
  kind: 'fsq';
  levels: number[];
}

export type AutoencoderConfig = VaeConfig | VqVaeConfig | FsqAutoencoderConfig;

/** Whether the autoencoder's latent is discrete (a token grid). */
export const isTokenizer = (config: AutoencoderConfig): config is VqVaeConfig | FsqAutoencoderConfig =>
  config.kind !== 'vae';

/** The number of token values of a VQ-VAE or FSQ autoencoder. */
export function tokenVocabularySize(config: VqVaeConfig | FsqAutoencoderConfig): number {
  return config.kind === 'vqvae' ? config.codebookSize : fsqCodebookSize(config.levels);
}

/** Throws a RangeError naming the field unless the config is buildable. */
export function checkAutoencoderConfig(config: AutoencoderConfig): void {
  checkConvAutoencoderConfig(config);
  if (config.kind === 'vqvae') {
    if (!(Number.isSafeInteger(config.codebookSize) && config.codebookSize >= 2)) {
      throw new RangeError(
        `autoencoder config: codebookSize is ${config.codebookSize}, expected an integer ≥ 2`,
      );
    }
    if (!(config.beta >= 0)) throw new RangeError(`autoencoder config: beta is ${config.beta}, expected ≥ 0`);
  } else if (config.kind === 'fsq') {
    checkFsqLevels(config.levels);
    if (config.levels.length !== config.latentChannels) {
      throw new RangeError(
        `autoencoder config: latentChannels is ${config.latentChannels} but levels [${config.levels.join(', ')}] name ${config.levels.length} channels`,
      );
    }
  } else if (config.kind !== 'vae') {
    throw new RangeError(
      `autoencoder config: kind is ${JSON.stringify((config as { kind: unknown }).kind)}, expected 'vae', 'vqvae' or 'fsq'`,
    );
  }
}

/** The latent grid (C, s, s) of one image. */
export function latentShape(config: AutoencoderConfig): [number, number, number] {
  const side = latentSize(config);
  return [config.latentChannels, side, side];
}

/** The token grid (s, s) of one image. */
export function tokenGridShape(config: AutoencoderConfig): [number, number] {
  const side = latentSize(config);
  return [side, side];
}

/** Images (batch, C, S, S) float32. */
export function imageInputSpec(config: AutoencoderConfig): InputSpec {
  return { shape: ['batch', config.imageChannels, config.imageSize, config.imageSize], dtype: 'float32' };
}

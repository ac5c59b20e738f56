/**
 * The convolutional encoder and decoder shared by the VAE, the VQ-VAE and the FSQ autoencoder (the layout
 * of the latent-diffusion autoencoder, Rombach et al. 2022, at MNIST scale): ResNet blocks with group norm
 * and SiLU, a stride-2 convolution down and nearest-neighbour upsampling plus a convolution up, one level
 * per entry of `channels`.
 */
export interface ConvAutoencoderConfig {
  /** Image channels (1 for MNIST). */
  imageChannels: number;
  /** Image height = width (28 for MNIST). */
  imageSize: number;
  /** Channels of each resolution level, finest first: each level after the first halves the resolution. */
  channels: number[];
  /** ResNet blocks per level. */
  blocksPerLevel: number;
  /** Channels of the latent grid: C of a VAE, the code dimension of a VQ-VAE, the number of FSQ levels. */
  latentChannels: number;
  /** Group-norm groups (every level's channels must divide by it). */
  groups: number;
}

/** MNIST defaults: 28×28×1 → 7×7×C through levels of 32, 64 and 64 channels. */
export function convAutoencoderConfig(
  overrides: Partial<ConvAutoencoderConfig> & Pick<ConvAutoencoderConfig, 'latentChannels'>,
): ConvAutoencoderConfig {
  const config: ConvAutoencoderConfig = {
    imageChannels: 1,
    imageSize: 28,
    channels: [32, 64, 64],
    blocksPerLevel: 1,
    groups: 8,
    ...overrides,
  };
  checkConvAutoencoderConfig(config);
  return config;
}

/** The latent grid's side: the image side halved once per level after the first. */
export function latentSize(config: ConvAutoencoderConfig): number {
  return config.imageSize / 2 ** (config.channels.length - 1);
}

/** Throws a RangeError naming the field unless the config describes a buildable network. */
export function checkConvAutoencoderConfig(config: ConvAutoencoderConfig): void {
  const positive = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
  const fail = (field: string, expected: string) =>
    new RangeError(
      `autoencoder config: ${field} is ${JSON.stringify((config as unknown as Record<string, unknown>)[field])}, expected ${expected}`,
    );
  for (const field of ['imageChannels', 'imageSize', 'blocksPerLevel', 'latentChannels', 'groups'] as const) {
    if (!positive(config[field])) throw fail(field, 'a positive integer');
  }
  if (!Array.isArray(config.channels) || config.channels.length === 0 || !config.channels.every(positive)) {
    throw fail('channels', 'a non-empty list of positive integers');
  }
  if (!config.channels.every((width) => width % config.groups === 0)) {
    throw fail('channels', `channel counts divisible by groups (${config.groups})`);
  }
  if (!Number.isInteger(latentSize(config))) {
    throw fail('imageSize', `a size that halves ${config.channels.length - 1} times to an integer`);
  }
}

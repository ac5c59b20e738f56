import { type DitConfig, ditConfig } from './config.js';

/** Fields to change in a preset, e.g. `ditS4({ conditioning: 'in-context' })`. */
export type DitOverrides = Partial<DitConfig>;

/** A toy image: 8×8×1, 3 classes. */
const TINY = { imageSize: 8, channels: 1, classes: 3 } as const;

/** MNIST / Fashion-MNIST: 28×28×1, 10 classes. */
const MNIST = { imageSize: 28, channels: 1, classes: 10 } as const;

/**
 * ImageNet 256×256 in the Stable Diffusion VAE's latent space (32×32×4), 1000 classes, with DiT's
 * `learn_sigma` (8 output channels): the setting of Peebles & Xie 2023, Table 1 and §4.
 */
const IMAGENET_LATENTS = { imageSize: 32, channels: 4, outputChannels: 8, classes: 1000 } as const;

/** Tiny (8×8×1, patch 2, D 16, 2 blocks, 2 heads, 3 classes): for tests and parity checks. */
export const ditTiny2 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...TINY, patchSize: 2, hiddenSize: 16, depth: 2, heads: 2, ...overrides });

/** `tools/bench/configs/dit-mnist-s.json`: MNIST, patch 4 (49 tokens), D 128, 4 blocks, 4 heads, MLP ×4. */
export const ditS4 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...MNIST, patchSize: 4, hiddenSize: 128, depth: 4, heads: 4, ...overrides });

/** ditS4 with patch 2 (196 tokens): about the same parameters, 4× the tokens and compute (§4, "patch size"). */
export const ditS2 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...MNIST, patchSize: 2, hiddenSize: 128, depth: 4, heads: 4, ...overrides });

/** A wider, deeper MNIST model: patch 4, D 256, 8 blocks, 8 heads. */
export const ditB4 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...MNIST, patchSize: 4, hiddenSize: 256, depth: 8, heads: 8, ...overrides });

/** DiT-S/2 of the paper (Table 1: 12 blocks, D 384, 6 heads) on ImageNet-256 latents. */
export const ditImageNetS2 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...IMAGENET_LATENTS, patchSize: 2, hiddenSize: 384, depth: 12, heads: 6, ...overrides });

/** DiT-B/2 of the paper (Table 1: 12 blocks, D 768, 12 heads) on ImageNet-256 latents. */
export const ditImageNetB2 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...IMAGENET_LATENTS, patchSize: 2, hiddenSize: 768, depth: 12, heads: 12, ...overrides });

/** DiT-L/2 of the paper (Table 1: 24 blocks, D 1024, 16 heads) on ImageNet-256 latents. */
export const ditImageNetL2 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...IMAGENET_LATENTS, patchSize: 2, hiddenSize: 1024, depth: 24, heads: 16, ...overrides });

/** DiT-XL/2 of the paper (Table 1: 28 blocks, D 1152, 16 heads) on ImageNet-256 latents. */
export const ditImageNetXL2 = (overrides: DitOverrides = {}) =>
  ditConfig({ ...IMAGENET_LATENTS, patchSize: 2, hiddenSize: 1152, depth: 28, heads: 16, ...overrides });

/** Every preset by name (for CLIs and recipes). */
export const DIT_PRESETS = {
  ditTiny2,
  ditS4,
  ditS2,
  ditB4,
  ditImageNetS2,
  ditImageNetB2,
  ditImageNetL2,
  ditImageNetXL2,
} as const satisfies Record<string, (overrides?: DitOverrides) => DitConfig>;

import { ditS4 } from '@latentlab/dit';
import type { ModelConfig } from './model-config.js';
import type { Recipe } from './recipe.js';

/** ditS4: 28×28×1, patch 4 (49 tokens), D 128, 4 blocks, 4 heads, 10 classes + the null class. */
const DIT_S4: ModelConfig = { kind: 'dit', ...ditS4() };

/**
 * The settings the three MNIST families share, so they compare on equal work: batch 64, AdamW 3e-4, no
 * clipping, EMA 0.999, CFG label dropout 0.1.
 */
const DIT_DEFAULTS = {
  batchSize: 64,
  learningRate: 3e-4,
  clipNorm: 0,
  steps: 10_000,
  sampleEvery: 1000,
  checkpointEvery: 500,
} as const;

/** Rectified flow: x_t = (1 − t)·x₀ + t·ε, velocity target ε − x₀, logit-normal(0, 1) times (SD3). */
const RECTIFIED_FLOW = { process: 'rf', target: 'velocity', weighting: 'uniform' } as const;

/** Rectified-flow DiT on MNIST digits (class-conditional, CFG label dropout). */
export const rfDitMnist: Recipe = {
  name: 'rf-dit-mnist',
  description: 'rectified flow, DiT (ditS4), MNIST 28×28 digits, 10 classes',
  dataset: 'mnist',
  model: DIT_S4,
  diffusion: RECTIFIED_FLOW,
  defaults: DIT_DEFAULTS,
};

/**
 * The README's main job: rectified flow on MNIST in a few minutes on 2 CPU cores (native backend). Batch 32
 * at a higher learning rate with warm-up and clipping, and the network predicts the clean image x₀ instead
 * of the velocity (the loss is plain ‖x₀ − x̂₀‖²; the sampler turns x̂₀ into a velocity). Predicting x₀ is
 * what made its 1,500-step digits clean: on the same steps, seed and sampler (1,000 samples, CFG 2) the
 * velocity target scored FID 85.2 / 89.1% accuracy with speckled strokes, x₀ 47.1 / 97.4% (x₀ with
 * min-SNR-5 weights 63.1, with uniform times 53.3). Li & He 2025, "Back to Basics: Let Denoising
 * Generative Models Denoise", make the same case: clean data lies on a low-dimensional manifold, noise
 * does not, so a small network predicts x₀ more easily.
 */
export const rfDitMnistQuick: Recipe = {
  name: 'rf-dit-mnist-quick',
  description: 'rf-dit-mnist in a few minutes on 2 CPU cores (x₀-prediction)',
  dataset: 'mnist',
  model: DIT_S4,
  diffusion: { process: 'rf', target: 'x0', weighting: 'uniform' },
  defaults: {
    ...DIT_DEFAULTS,
    batchSize: 32,
    learningRate: 2e-3,
    clipNorm: 1,
    warmupSteps: 100,
    steps: 1500,
    sampleEvery: 500,
    checkpointEvery: 500,
  },
};

/** Rectified-flow DiT on Fashion-MNIST clothing (class-conditional, CFG label dropout). */
export const rfDitFashion: Recipe = {
  name: 'rf-dit-fashion',
  description: 'rectified flow, DiT (ditS4), Fashion-MNIST 28×28 clothing, 10 classes',
  dataset: 'fashion-mnist',
  model: DIT_S4,
  diffusion: RECTIFIED_FLOW,
  defaults: DIT_DEFAULTS,
};

/**
 * VP diffusion (Ho et al. 2020) with the cosine schedule (Nichol & Dhariwal 2021), ε-prediction and
 * min-SNR-5 weighting (Hang et al. 2023), uniform t; sampled from t = 0.999 (α(1) = 0 exactly, where an
 * ε prediction does not determine x₀) with every x̂₀ clamped to the data range [−1, 1], as diffusers'
 * `clip_sample` (near zero SNR x̂₀ = (x − σ·ε̂)/α multiplies the error of ε̂ by 1/α ≈ 640: without the clamp
 * a 3,000-step run sampled noise, FID 1193).
 */
export const vpDitMnist: Recipe = {
  name: 'vp-dit-mnist',
  description: 'VP cosine diffusion, ε-prediction, min-SNR-5, DiT (ditS4), MNIST',
  dataset: 'mnist',
  model: DIT_S4,
  diffusion: {
    process: 'vp-cosine',
    target: 'epsilon',
    weighting: 'min-snr',
    weightingParameter: 5,
    sampling: { tStart: 0.999, clipDenoised: [-1, 1] },
  },
  defaults: { ...DIT_DEFAULTS, timeDistribution: 'uniform' },
};

/**
 * EDM (Karras et al. 2022): x = x₀ + σ·ε, the network wrapped in EDM's preconditioning (σ_data 0.5) and
 * trained on x₀ with EDM's weighting and log-normal(−1.2, 1.2) noise levels; sampled on Karras σ's
 * (σ_max 80 → σ_min 0.002, ρ 7).
 */
export const edmDitMnist: Recipe = {
  name: 'edm-dit-mnist',
  description: 'EDM (VE, preconditioned x₀-prediction, EDM weighting, Karras σ), DiT (ditS4), MNIST',
  dataset: 'mnist',
  model: { ...DIT_S4, preconditioning: { kind: 'edm', sigmaData: 0.5 } },
  diffusion: {
    process: 'edm',
    target: 'x0',
    weighting: 'edm',
    weightingParameter: 0.5,
    sampling: { spacing: 'karras' },
  },
  defaults: { ...DIT_DEFAULTS, timeDistribution: 'edm-log-normal', timeMean: -1.2, timeStd: 1.2 },
};

/**
 * Latent diffusion (Rombach et al. 2022) at MNIST scale: ditS4's width and depth over the 7×7×4 latents of
 * a `vae-mnist` run (`--autoencoder DIR`), patch 1 (49 tokens, as ditS4 has over pixels), scaled to unit
 * variance by the VAE's latent scaling, decoded by its decoder. Rectified flow predicting x₀ (the target
 * that won on pixels at a small step budget, rf-dit-mnist-quick), with the DiT settings of the pixel
 * recipes (batch 64, AdamW 3e-4, EMA 0.999) plus warm-up and clipping; no x̂₀ clamp (latents are unbounded).
 */
const LATENT_DIT: ModelConfig = {
  kind: 'dit',
  ...ditS4({ imageSize: 7, channels: 4, patchSize: 1 }),
};

const ldmDit = (dataset: 'mnist' | 'fashion-mnist', name: string, what: string): Recipe => ({
  name,
  description: `latent diffusion: rectified flow (x₀), DiT patch 1 over the 7×7×4 latents of a VAE run (--autoencoder DIR), ${what}`,
  dataset,
  model: LATENT_DIT,
  diffusion: { process: 'rf', target: 'x0', weighting: 'uniform' },
  latent: { autoencoder: 'vae' },
  defaults: { ...DIT_DEFAULTS, steps: 4000, warmupSteps: 200, clipNorm: 1, checkpointEvery: 250 },
});

export const ldmDitMnist = ldmDit('mnist', 'ldm-dit-mnist', 'MNIST');
export const ldmDitFashion = ldmDit('fashion-mnist', 'ldm-dit-fashion', 'Fashion-MNIST');

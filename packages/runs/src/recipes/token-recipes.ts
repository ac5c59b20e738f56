import type { TokenRecipe } from './recipe.js';

/** D 128, 4 blocks, 4 heads, MLP ×4: the size of ditS4, for a comparison at equal width and depth. */
const AR_SMALL = { kind: 'ar', width: 128, depth: 4, heads: 4, mlpRatio: 4 } as const;

/** batch 64, AdamW 3e-4 with 200 warm-up steps and cosine decay, clipping at 1, CFG label dropout 0.1. */
const AR_DEFAULTS = {
  batchSize: 64,
  learningRate: 3e-4,
  warmupSteps: 200,
  learningRateSchedule: 'cosine',
  clipNorm: 1,
  weightDecay: 0.05,
  labelDropout: 0.1,
  steps: 4000,
  sampleEvery: 1000,
  checkpointEvery: 250,
  guidanceScale: 2,
} as const;

const ar = (dataset: 'mnist' | 'fashion-mnist', name: string, what: string): TokenRecipe => ({
  name,
  description: `autoregressive transformer over the 7×7 tokens of a tokenizer run (--tokenizer DIR), ${what}`,
  dataset,
  model: AR_SMALL,
  tokens: { order: 'raster' },
  defaults: AR_DEFAULTS,
});

export const arMnist = ar('mnist', 'ar-mnist', 'MNIST');
export const arFashion = ar('fashion-mnist', 'ar-fashion', 'Fashion-MNIST');

const maskgit = (dataset: 'mnist' | 'fashion-mnist', name: string, what: string): TokenRecipe => ({
  name,
  description: `MaskGIT (masked, bidirectional) over the 7×7 tokens of a tokenizer run (--tokenizer DIR), ${what}`,
  dataset,
  model: { ...AR_SMALL, kind: 'maskgit' },
  tokens: { order: 'masked' },
  defaults: AR_DEFAULTS,
});

export const maskgitMnist = maskgit('mnist', 'maskgit-mnist', 'MNIST');
export const maskgitFashion = maskgit('fashion-mnist', 'maskgit-fashion', 'Fashion-MNIST');

import { twoMoons } from '@latentlab/data';
import { createRng } from '@latentlab/tensor';
import type { Recipe } from './recipe.js';

/** Stream of the training seed that generates the toy data set (far from the per-step streams). */
const DATA_STREAM = 2 ** 40;
const MOON_POINTS = 8192;

/** Rectified flow on two moons with a small MLP: trains in seconds, for tests and demos. */
export const rfMlpMoons: Recipe = {
  name: 'rf-mlp-moons',
  description: 'rectified flow, MLP velocity model, two moons (2 classes); seconds on a CPU',
  defaults: { batchSize: 256, learningRate: 3e-3, emaDecay: 0.99, steps: 500, checkpointEvery: 100 },
  modelConfig: (overrides) => ({
    kind: 'mlp',
    dimensions: 2,
    hiddenSize: overrides.hidden ?? 64,
    depth: overrides.depth ?? 2,
    classes: 2,
    timeFrequencies: 4,
  }),
  loadData(seed) {
    const { points, labels } = twoMoons(MOON_POINTS, createRng(seed).split(DATA_STREAM), 0.05);
    return { examples: points.data, labels: labels.data, count: MOON_POINTS, exampleSize: 2 };
  },
};

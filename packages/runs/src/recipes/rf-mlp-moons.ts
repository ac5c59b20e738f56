import type { DiffusionRecipe } from './recipe.js';

/** Rectified flow on two moons with a small MLP: trains in seconds, for tests and demos. */
export const rfMlpMoons: DiffusionRecipe = {
  name: 'rf-mlp-moons',
  description: 'rectified flow, MLP velocity model, two moons (2 classes); seconds on a CPU',
  dataset: 'two-moons',
  model: { kind: 'mlp', dimensions: 2, hiddenSize: 64, depth: 2, classes: 2, timeFrequencies: 4 },
  diffusion: { process: 'rf', target: 'velocity', weighting: 'uniform' },
  defaults: { batchSize: 256, learningRate: 3e-3, emaDecay: 0.99, steps: 500, checkpointEvery: 100 },
};

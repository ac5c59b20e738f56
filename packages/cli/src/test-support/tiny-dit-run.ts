import { train } from '@latentlab/runs';

/**
 * Trains a tiny DiT run into `out` in seconds: patch 7 → 16 tokens, D 16, one block, four steps at a large
 * learning rate so the zero-initialised adaLN-Zero output is far from zero. Any MNIST DiT recipe.
 */
export async function trainTinyDit(out: string, recipe = 'rf-dit-mnist'): Promise<void> {
  await train({
    recipe,
    steps: 4,
    batchSize: 8,
    learningRate: 1e-2,
    emaDecay: 0.5,
    model: { hidden: 16, depth: 1, heads: 2, patch: 7 },
    sampleSteps: 2,
    backend: 'cpu',
    out,
    progress: { write: () => true },
  });
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Recipe } from '../recipes/recipe.js';
import { rfMlpMoons } from '../recipes/rf-mlp-moons.js';
import { train } from './train.js';

const root = mkdtempSync(join(tmpdir(), 'latentlab-recipe-object-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SILENT = { write: () => true };

/** A recipe the registry does not have: VP cosine with v-prediction and SNR weights on two moons. */
const vpMoons: Recipe = {
  ...rfMlpMoons,
  name: 'vp-mlp-moons-v',
  description: 'a user recipe',
  diffusion: { process: 'vp-cosine', target: 'v', weighting: 'snr' },
};

describe('train({ recipe }) with a recipe object', () => {
  it('trains, records the objective in the run and its card, and resumes from the same object', async () => {
    const out = join(root, 'run');
    const first = await train({
      recipe: vpMoons,
      steps: 20,
      batchSize: 64,
      backend: 'cpu',
      out,
      progress: SILENT,
    });
    expect(first.step).toBe(20);
    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
    expect(state).toMatchObject({
      recipe: 'vp-mlp-moons-v',
      family: 'pixel-diffusion', // the registry's name for what trained it
      diffusion: { process: 'vp-cosine', target: 'v', weighting: 'snr' },
    });
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card.denoiser).toMatchObject({ process: 'vp-cosine', target: 'v', sampleShape: [2] });
    const resumed = await train({
      recipe: vpMoons,
      steps: 30,
      backend: 'cpu',
      out,
      resume: true,
      progress: SILENT,
    });
    const straight = await train({
      recipe: vpMoons,
      steps: 30,
      batchSize: 64,
      backend: 'cpu',
      out: join(root, 'straight'),
      progress: SILENT,
    });
    expect(resumed.losses).toEqual(straight.losses);
  }, 60_000);
});

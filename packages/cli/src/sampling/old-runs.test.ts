import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convAutoencoderConfig } from '@latentlab/autoencoders';
import { loadAnyRunCheckpoint, type Recipe, train } from '@latentlab/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs shared with the script that made the fixtures
import { TINY_AUTOENCODERS } from '../test-support/fixtures/runs-043dca9/tiny-autoencoders.mjs';
import { runCaptured } from '../test-support/run-captured.js';

/**
 * One tiny run of every family — a VQ-VAE and a VAE (autoencoder), an AR model on the VQ-VAE's tokens
 * (token model), a latent DiT on the VAE's latents (latent diffusion), a pixel DiT (pixel diffusion) and a
 * guidance-distilled student of it (distillation) — and a sample grid of each, all written by the latentlab
 * of commit 043dca9, before the families moved into @latentlab/runs (`make-fixtures.mjs` says how). Run
 * inputs are recorded as relative paths, so the tests run from a copy of the folder.
 */
const FIXTURE = join(import.meta.dirname, '../test-support/fixtures/runs-043dca9');
const SILENT = { write: () => true };
const recipes = TINY_AUTOENCODERS(convAutoencoderConfig) as Recipe[];
const startedIn = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'latentlab-old-runs-'));

beforeAll(() => {
  cpSync(FIXTURE, scratch, { recursive: true });
  process.chdir(scratch);
});
afterAll(() => {
  process.chdir(startedIn);
  rmSync(scratch, { recursive: true, force: true });
});

describe('runs of every family written before @latentlab/runs', () => {
  it('sample byte-identically from their checkpoints (tfjs)', async () => {
    const grids: [string, string[]][] = [
      ['vqvae', []],
      ['vae', []],
      ['ar', ['--per-class', '1']],
      ['ldm', ['--steps', '3', '--per-class', '1']],
      ['student', ['--steps', '3', '--per-class', '1']],
    ];
    for (const [run, flags] of grids) {
      const out = join(scratch, `${run}-again.png`);
      const result = await runCaptured([
        ...['sample', '--checkpoint', run, '--out', out, '--backend', 'cpu', '--engine', 'tfjs'],
        ...flags,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(out).equals(readFileSync(join(FIXTURE, `${run}-grid.png`))), run).toBe(true);
    }
  }, 120_000);

  // The token model and the latent DiT trained on the first 2,000 images, whose token and latent caches the
  // fixture keeps: a resume re-encodes nothing.
  it('resume: each continues from its step (inputs before the runs that use them are left as they were)', async () => {
    for (const run of ['ar', 'ldm', 'student', 'dit']) {
      const result = await runCaptured([
        'train',
        '--resume',
        '--out',
        run,
        '--steps',
        '4',
        '--backend',
        'auto',
      ]);
      expect(result.code, `${run}: ${result.stderr}`).toBe(0);
      expect(loadAnyRunCheckpoint(run).state.step, run).toBe(4);
    }
    for (const recipe of recipes) {
      const out = recipe.name.replace('tiny-', '');
      const resumed = await train({ recipe, out, resume: true, steps: 4, backend: 'auto', progress: SILENT });
      expect(resumed.step, out).toBe(4);
      expect(loadAnyRunCheckpoint(out).state['family']).toBe('autoencoder');
    }
  }, 180_000);
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../test-support/cli-process.js';

const root = mkdtempSync(join(tmpdir(), 'latentlab-cpu-fallback-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `latentlab train …` in a process where the native addon cannot load (as on a machine without it). */
const trainWithoutNative = (...args: string[]) =>
  runCliProcess(['train', ...args], {
    env: { ...process.env, LATENTLAB_NATIVE_ADDON: join(root, 'no-such-addon.node') },
  });

describe('latentlab train without the native kernels', () => {
  it('refuses a run estimated at over an hour on the cpu kernels unless --backend cpu, writing nothing', () => {
    const out = join(root, 'dit');
    // A small DiT (one step takes well under a second on the cpu kernels) for many steps.
    const small = ['--hidden', '32', '--depth', '1', '--heads', '2', '--batch-size', '4'];
    const run = trainWithoutNative('--recipe', 'rf-dit-mnist', ...small, '--steps', '100000', '--out', out);
    expect(run.status, run.stderr).toBe(1);
    const errorLine = run.stderr.trimEnd().split('\n').at(-1)!;
    expect(errorLine).toMatch(
      /^latentlab train: latentlab's native kernels could not load .* this run would take [\d.]+ s\/step × 100000 steps ≈ \d+ h \d\d min: --backend cpu trains on them anyway/,
    );
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('says so in one line and trains a run that fits in the hour', () => {
    const out = join(root, 'moons');
    const run = trainWithoutNative('--recipe', 'rf-mlp-moons', '--steps', '20', '--out', out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /latentlab's native kernels could not load: training on tfjs's cpu kernels, [\d.]+ s\/step × 20 steps ≈ \d+ s/,
    );
    expect(existsSync(join(out, 'checkpoint.safetensors'))).toBe(true);
  }, 120_000);
});

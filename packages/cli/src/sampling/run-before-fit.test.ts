import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';

/**
 * A tiny rf-dit-mnist run (D 16, one block, patch 7, 4 steps) and two sample grids, all written by the
 * `latentlab` of the commit before training moved into `fit` (@latentlab/train). The grids were made with
 * `latentlab sample --backend cpu` (tfjs; grids had no row labels then) and the flags in their names. The
 * "heun" grid was made by the Heun of that commit, integrated in φ = arctan(σ/α): it is `heun_angle` now
 * (`heun` became Karras's Alg. 1 in σ/α).
 */
const FIXTURE = join(import.meta.dirname, '../test-support/fixtures/run-before-fit');
const scratch = mkdtempSync(join(tmpdir(), 'latentlab-old-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a run written before fit', () => {
  it('loads and samples byte-identically (tfjs, Euler and Heun, with CFG)', async () => {
    const run = join(scratch, 'run');
    cpSync(FIXTURE, run, { recursive: true });
    const grids = [
      ['sample-euler-4-steps-cfg2-2-per-class.png', ['--steps', '4', '--per-class', '2']],
      [
        'sample-heun-3-steps-cfg3-1-per-class.png',
        ['--sampler', 'heun_angle', '--steps', '3', '--cfg', '3', '--per-class', '1'],
      ],
    ] as const;
    for (const [name, flags] of grids) {
      const out = join(scratch, name);
      const result = await runCaptured([
        'sample',
        '--checkpoint',
        run,
        '--out',
        out,
        '--backend',
        'cpu',
        '--engine',
        'tfjs',
        '--labels',
        'false',
        ...flags,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(out).equals(readFileSync(join(FIXTURE, name))), name).toBe(true);
    }
  }, 60_000);

  it('resumes: training continues from its step', async () => {
    const run = join(scratch, 'resumed');
    cpSync(FIXTURE, run, { recursive: true });
    const result = await runCaptured(['train', '--resume', '--out', run, '--steps', '6', '--backend', 'cpu']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('steps 5…6');
    expect(result.stdout).toContain('trained 6 steps');
  }, 60_000);
});

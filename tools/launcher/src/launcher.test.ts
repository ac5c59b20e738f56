import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClosure, stalePackages } from './stale-packages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repository = join(here, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'latentlab-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A workspace with packages a → b, each with a source file and (when `built`) a dist file, at given times. */
function workspace(times: { source: number; built?: number }) {
  const root = mkdtempSync(join(scratch, 'ws-'));
  for (const [name, dependencies] of [
    ['a', { b: 'workspace:^' }],
    ['b', {}],
  ] as const) {
    const folder = join(root, 'packages', name);
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(
      join(folder, 'package.json'),
      JSON.stringify({ name, scripts: { build: 'tsup' }, dependencies }),
    );
    writeFileSync(join(folder, 'src', 'index.ts'), 'export {};');
    for (const file of ['package.json', join('src', 'index.ts')]) {
      utimesSync(join(folder, file), times.source, times.source);
    }
    if (times.built !== undefined) {
      mkdirSync(join(folder, 'dist'));
      writeFileSync(join(folder, 'dist', 'index.js'), '');
      utimesSync(join(folder, 'dist', 'index.js'), times.built, times.built);
    }
  }
  return root;
}

describe('stalePackages', () => {
  it('orders the build closure dependencies first', () => {
    expect(buildClosure(workspace({ source: 1000 }), 'a').map(({ name }) => name)).toEqual(['b', 'a']);
  });

  it('is empty when every dist is newer than its sources, and names a package whose source changed', () => {
    const root = workspace({ source: 1000, built: 2000 });
    expect(stalePackages(root, 'a')).toEqual([]);
    utimesSync(join(root, 'packages', 'b', 'src', 'index.ts'), 3000, 3000);
    expect(stalePackages(root, 'a').map(({ name }) => name)).toEqual(['b']);
    expect(stalePackages(workspace({ source: 1000 }), 'a').map(({ name }) => name)).toEqual(['b', 'a']);
  });
});

describe('pnpm latentlab (the launcher)', () => {
  const launcher = join(here, 'latentlab.mjs');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [launcher, ...args], { cwd: scratch, encoding: 'utf8' });

  it('runs the built command with nothing else on the output, in the caller’s directory', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout.startsWith('usage: latentlab <command>')).toBe(true);
    expect(help.stderr).toBe('');
    expect(stalePackages(repository, '@latentlab/cli')).toEqual([]); // the test run built them
    const trained = run(
      'train',
      '--recipe',
      'rf-mlp-moons',
      '--steps',
      '2',
      '--backend',
      'cpu',
      '--out',
      'relative-run',
    );
    expect(trained.status).toBe(0);
    expect(existsSync(join(scratch, 'relative-run', 'checkpoint.safetensors'))).toBe(true);
  });

  it('ends a user error with one line and exit code 1', () => {
    const failed = run('train', '--recipe', 'rf-mlp-moons');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toBe(
      'latentlab train: --out DIR is required (latentlab train --help lists the flags)\n',
    );
    const exported = run('export', '--checkpoint', 'no-such-run', '--onnx', 'model.onnx');
    expect(exported.status).toBe(1);
    expect(exported.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(exported.stderr).toContain(`no checkpoint in no-such-run`);
  });

  it('builds once when two commands start at once over a stale package (the other waits for the lock)', async () => {
    // Touch the CLI's entry: stale by time, unchanged in content, so turbo restores its cached build.
    const entry = join(repository, 'packages', 'cli', 'src', 'main.ts');
    const now = Date.now() / 1000;
    utimesSync(entry, now, now);
    const start = () =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [launcher, '--version'], { cwd: scratch });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const results = await Promise.all([start(), start()]);
    expect(results.map((result) => result.status)).toEqual([0, 0]);
    expect(results.filter((result) => result.stderr.includes('latentlab: building')).length).toBe(1);
    expect(stalePackages(repository, '@latentlab/cli')).toEqual([]);
  }, 300_000);
});

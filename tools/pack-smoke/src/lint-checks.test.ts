import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publintProblems, typesProblems } from './lint-checks.js';
import { packPackage } from './pack.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'latentlab-lint-checks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Packs a package made of `files` (package.json among them) with pnpm pack, as the suite packs ours. */
async function packFixture(name: string, files: Record<string, string>) {
  const directory = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    writeFileSync(path.join(directory, file), text);
  }
  const manifest = JSON.parse(files['package.json']!);
  return packPackage(
    { name: manifest.name, version: manifest.version, directory, manifest },
    path.join(root, 'packs'),
  );
}

describe('publint and arethetypeswrong on a packed tarball', () => {
  it('report an export whose file is missing and a subpath node10 cannot resolve', async () => {
    const packed = await packFixture('broken', {
      'package.json': JSON.stringify({
        name: 'broken-fixture',
        version: '1.0.0',
        type: 'module',
        exports: {
          '.': { types: './dist/index.d.ts', default: './dist/index.js' },
          './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' },
          './gone': './dist/gone.js',
        },
      }),
      'dist/index.js': 'export const one = 1;\n',
      'dist/index.d.ts': 'export declare const one: 1;\n',
      'dist/extra.js': 'export const two = 2;\n',
      'dist/extra.d.ts': 'export declare const two: 2;\n',
    });
    const lint = await publintProblems(packed);
    expect(lint.some((problem) => /FILE_DOES_NOT_EXIST/.test(problem) && /gone/.test(problem))).toBe(true);
    const types = await typesProblems(packed);
    expect(types).toContain('broken-fixture: arethetypeswrong NoResolution at ./extra under node10');
  });

  it('find nothing in a well-formed package', async () => {
    const packed = await packFixture('good', {
      'package.json': JSON.stringify({
        name: 'good-fixture',
        version: '1.0.0',
        license: 'MIT',
        type: 'module',
        sideEffects: false,
        engines: { node: '>=20' },
        main: './dist/index.cjs',
        types: './dist/index.d.cts',
        files: ['dist'],
        exports: {
          '.': {
            import: { types: './dist/index.d.ts', default: './dist/index.js' },
            require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
          },
        },
      }),
      LICENSE: 'MIT\n',
      'dist/index.js': 'export const one = 1;\n',
      'dist/index.d.ts': 'export declare const one: 1;\n',
      'dist/index.cjs': 'exports.one = 1;\n',
      'dist/index.d.cts': 'export declare const one: 1;\n',
    });
    expect(await publintProblems(packed)).toEqual([]);
    expect(await typesProblems(packed)).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTypesTogether } from './type-checks.js';

const require = createRequire(import.meta.url);
let project: string;

/** A package `name` in the project: index.js exporting `answer`, and `types` as its index.d.ts (if any). */
function addPackage(name: string, types: string | undefined) {
  const directory = join(project, 'node_modules', name);
  mkdirSync(directory, { recursive: true });
  const manifest = { name, version: '1.0.0', main: 'index.js', ...(types ? { types: 'index.d.ts' } : {}) };
  writeFileSync(join(directory, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(directory, 'index.js'), 'exports.answer = 42;\n');
  if (types) writeFileSync(join(directory, 'index.d.ts'), types);
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'pack-smoke-types-'));
  mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
  symlinkSync(
    dirname(require.resolve('typescript/package.json')),
    join(project, 'node_modules', 'typescript'),
  );
  symlinkSync(
    dirname(require.resolve('@types/node/package.json')),
    join(project, 'node_modules', '@types', 'node'),
  );
  addPackage('typed', 'export declare const answer: number;\n');
  addPackage('typed-any', 'export declare const answer: any;\n');
  addPackage('mistyped', 'export declare const question: string;\n');
}, 30_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('checkTypesTogether: many entries in one TypeScript program', () => {
  it('passes the typed entry and gives each failure to its own entry and module system', async () => {
    const request = (specifier: string) => ({
      specifier,
      esmExportNames: ['answer'],
      cjsExportNames: ['answer'],
    });
    const [typed, typedAny, mistyped] = await checkTypesTogether(project, [
      request('typed'),
      request('typed-any'),
      { ...request('mistyped'), esmExportNames: undefined },
    ]);
    expect(typed!.map((result) => [result.check, result.status])).toEqual([
      ['types (import)', 'passed'],
      ['types (require)', 'passed'],
    ]);
    // `any` types: the probe's @ts-expect-error goes unused (TS2578), in both probes of that entry only.
    expect(typedAny!.map((result) => result.status)).toEqual(['failed', 'failed']);
    expect(typedAny![0]!.detail).toContain('typed-any.mts');
    expect(typedAny![0]!.detail).toContain('typed `any`');
    expect(typedAny![1]!.detail).toContain('typed-any.cts');
    // A declared export the runtime has not: no import probe was asked for, the require probe fails.
    expect(mistyped!.map((result) => [result.check, result.status])).toEqual([['types (require)', 'failed']]);
    expect(mistyped![0]!.detail).toMatch(/mistyped\.cts\(\d+,\d+\): error TS2339/);
    expect(mistyped![0]!.detail).not.toContain('typed-any');
  }, 60_000);
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_ENTRIES, browserBundleErrors } from './browser-bundle.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // resolves the workspace packages (devDependencies)

describe('every browser-capable package bundles for the browser (no Node built-ins reached)', () => {
  for (const specifier of BROWSER_ENTRIES) {
    it(specifier, async () => {
      expect(await browserBundleErrors(specifier, here)).toEqual([]);
    });
  }
});

describe('the bundle check', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'latentlab-browser-bundle-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('fails for a module that reaches a Node built-in (as @latentlab/tfjs did through createRequire)', async () => {
    mkdirSync(path.join(root, 'node_modules', 'uses-module'), { recursive: true });
    writeFileSync(
      path.join(root, 'node_modules', 'uses-module', 'package.json'),
      JSON.stringify({ name: '@latentlab/uses-module', main: 'index.js' }),
    );
    writeFileSync(
      path.join(root, 'node_modules', 'uses-module', 'index.js'),
      "import { createRequire } from 'module';\nexport const load = createRequire(import.meta.url);\n",
    );
    const errors = await browserBundleErrors('./node_modules/uses-module/index.js', root);
    expect(errors.join('\n')).toMatch(/Could not resolve "module"/);
  });
});

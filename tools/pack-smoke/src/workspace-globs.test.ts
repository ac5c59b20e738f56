import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandWorkspacePatterns, parseWorkspacePatterns } from './workspace-globs.js';

describe('parseWorkspacePatterns', () => {
  it('reads a block list and ignores other keys and comments', () => {
    const yaml =
      'packages:\n  - packages/*\n  # a comment\n  - \'tools/*\'\n  - "!tools/skip"\n\nautoInstallPeers: false\n';
    expect(parseWorkspacePatterns(yaml)).toEqual(['packages/*', 'tools/*', '!tools/skip']);
  });

  it('reads a flow list', () => {
    expect(parseWorkspacePatterns("packages: ['packages/*', apps/*]\n")).toEqual(['packages/*', 'apps/*']);
  });
});

describe('expandWorkspacePatterns', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds folders with a package.json, minus excluded ones', () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'pack-smoke-globs-'));
    for (const folder of ['packages/a', 'packages/b', 'packages/no-manifest', 'tools/skip']) {
      mkdirSync(path.join(root, folder), { recursive: true });
      if (!folder.endsWith('no-manifest')) writeFileSync(path.join(root, folder, 'package.json'), '{}');
    }
    const found = expandWorkspacePatterns(root, ['packages/*', 'tools/*', '!tools/skip']);
    expect(found.map((folder) => path.relative(root, folder))).toEqual(['packages/a', 'packages/b']);
  });
});

import { describe, expect, it } from 'vitest';
import { checkTarballContents } from './tarball-contents.js';

const goodManifest = {
  name: '@scope/good',
  main: './dist/index.cjs',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  dependencies: { '@scope/other': '^0.1.0' },
  engines: { node: '>=20.19' },
};
const goodFiles = [
  'LICENSE',
  'README.md',
  'dist/index.cjs',
  'dist/index.d.cts',
  'dist/index.d.ts',
  'dist/index.js',
  'package.json',
];

describe('checkTarballContents', () => {
  it('accepts a complete tarball', () => {
    expect(checkTarballContents({ name: '@scope/good', manifest: goodManifest, files: goodFiles })).toEqual(
      [],
    );
  });

  it('reports missing, stray and unpublishable content', () => {
    const { engines: _engines, ...withoutEngines } = goodManifest;
    const manifest = {
      ...withoutEngines,
      exports: { '.': { default: './dist/index.js', types: './dist/index.d.ts' } },
      dependencies: { '@scope/other': 'workspace:^' },
    };
    const files = [
      'package.json',
      'dist/index.js',
      'dist/index.js.map',
      'dist/index.test.js',
      'src/index.ts',
    ];
    const mapsWithSources = ['dist/index.js.map'];
    expect(checkTarballContents({ name: '@scope/bad', manifest, files, mapsWithSources })).toEqual([
      '@scope/bad: tarball has no README.md',
      '@scope/bad: tarball has no LICENSE file',
      '@scope/bad: tarball package.json: no "engines.node" (the Node versions it supports are not passed on)',
      '@scope/bad: tarball source map dist/index.js.map embeds the sources (sourcesContent)',
      '@scope/bad: tarball contains test file dist/index.test.js',
      '@scope/bad: tarball contains a src/ folder (1 file(s), e.g. src/index.ts)',
      '@scope/bad: tarball lacks ./dist/index.cjs, referenced by "main"',
      '@scope/bad: tarball lacks ./dist/index.d.ts, referenced by "types"',
      '@scope/bad: tarball lacks ./dist/index.d.ts, referenced by "exports"',
      '@scope/bad: tarball package.json: "types" must be the first condition in exports["."]',
      '@scope/bad: tarball package.json: dependencies.@scope/other is still "workspace:^"',
    ]);
  });

  it('reports a bin that is not in the tarball (one command or several)', () => {
    const withBins = (bin: string | Record<string, string>) =>
      checkTarballContents({
        name: 'x',
        manifest: { ...goodManifest, bin },
        files: [...goodFiles, 'bin/x.js'],
      });
    expect(withBins('./bin/x.js')).toEqual([]);
    expect(withBins({ x: './bin/x.js', y: './dist/main.js' })).toEqual([
      'x: tarball lacks ./dist/main.js, referenced by "bin.y"',
    ]);
    expect(withBins('dist/main.js')).toEqual(['x: tarball lacks dist/main.js, referenced by "bin"']);
  });

  it('reports a tarball without dist/', () => {
    const problems = checkTarballContents({
      name: 'x',
      manifest: { engines: { node: '>=20.19' } },
      files: ['package.json', 'README.md', 'LICENSE.md'],
    });
    expect(problems).toEqual(['x: tarball has nothing under dist/ (was it built?)']);
  });
});

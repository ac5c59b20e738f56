import { describe, expect, it } from 'vitest';
import {
  entrySpecifier,
  expandPatternEntry,
  findMisplacedTypesConditions,
  IMPORT_CONDITIONS,
  listExportEntries,
  REQUIRE_CONDITIONS,
  resolveExportTarget,
} from './exports-map.js';

const dualEntry = {
  import: { types: './dist/index.d.ts', default: './dist/index.js' },
  require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
};

describe('listExportEntries', () => {
  it('lists subpaths of an exports map', () => {
    const entries = listExportEntries({ exports: { '.': dualEntry, './node': './dist/node.js' } });
    expect(entries.map((entry) => entry.subpath)).toEqual(['.', './node']);
  });

  it('treats a top-level conditions object or string as the "." entry', () => {
    expect(listExportEntries({ exports: dualEntry })).toEqual([{ subpath: '.', target: dualEntry }]);
    expect(listExportEntries({ exports: './index.js' })).toEqual([{ subpath: '.', target: './index.js' }]);
  });

  it('falls back to main without exports', () => {
    expect(listExportEntries({ main: './lib/main.js' })).toEqual([{ subpath: '.', target: './lib/main.js' }]);
  });
});

describe('resolveExportTarget', () => {
  it('picks the first matching condition, as Node does', () => {
    expect(resolveExportTarget(dualEntry, IMPORT_CONDITIONS)).toBe('./dist/index.js');
    expect(resolveExportTarget(dualEntry, REQUIRE_CONDITIONS)).toBe('./dist/index.cjs');
    expect(resolveExportTarget({ browser: './b.js' }, REQUIRE_CONDITIONS)).toBeUndefined();
  });
});

describe('findMisplacedTypesConditions', () => {
  it('accepts types first and reports types after another condition', () => {
    expect(findMisplacedTypesConditions({ '.': dualEntry })).toEqual([]);
    const late = { '.': { import: { default: './a.js', types: './a.d.ts' } } };
    expect(findMisplacedTypesConditions(late)).toEqual(['exports["."]["import"]']);
  });
});

describe('expandPatternEntry', () => {
  it('makes one entry per tarball file the import target matches', () => {
    const entry = { subpath: './ops/*', target: { import: './dist/ops/*.js', require: './dist/ops/*.cjs' } };
    const files = ['dist/ops/add.js', 'dist/ops/add.cjs', 'dist/ops/mul.js', 'dist/index.js'];
    expect(expandPatternEntry(entry, files)).toEqual([
      { subpath: './ops/add', target: { import: './dist/ops/add.js', require: './dist/ops/add.cjs' } },
      { subpath: './ops/mul', target: { import: './dist/ops/mul.js', require: './dist/ops/mul.cjs' } },
    ]);
  });
});

it('entrySpecifier joins package name and subpath', () => {
  expect(entrySpecifier('@latentlab/onnx', '.')).toBe('@latentlab/onnx');
  expect(entrySpecifier('@latentlab/onnx', './node')).toBe('@latentlab/onnx/node');
});

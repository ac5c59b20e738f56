import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const sourceDirectory = dirname(fileURLToPath(import.meta.url));

/** Bare and relative modules `file` imports (static `import … from` / `export … from`). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((match) => match[1]!);
}

/** Every package a module pulls in, following relative imports. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const visited = new Set<string>();
  const visit = (file: string) => {
    if (visited.has(file)) return;
    visited.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(join(sourceDirectory, entry));
  return packages;
}

describe('entry points', () => {
  it('the main entry imports no onnxruntime package', () => {
    const reached = [...packagesReachedFrom('index.ts')];
    expect(reached.filter((name) => name.startsWith('onnxruntime'))).toEqual([]);
  });

  it('./node pulls in onnxruntime-node only, ./web onnxruntime-web only', () => {
    const node = [...packagesReachedFrom('node.ts')].filter((name) => name.startsWith('onnxruntime'));
    const web = [...packagesReachedFrom('web.ts')].filter((name) => name.startsWith('onnxruntime'));
    expect(node).toEqual(['onnxruntime-node']);
    expect(web).toEqual(['onnxruntime-web']);
  });
});

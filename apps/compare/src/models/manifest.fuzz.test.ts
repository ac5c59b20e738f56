import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from './manifest.js';

// The app's manifest.json parser fed random JSON and mutations of the shipped manifest: parsed or
// refused with a ManifestError naming the field — never another error. FUZZ_RUNS raises the count.
const numRuns = Number(process.env['FUZZ_RUNS'] ?? 1500);
const shipped = JSON.parse(
  readFileSync(new URL('../../public/models/manifest.json', import.meta.url), 'utf8'),
);
const tally = { inputs: 0, typedError: 0, read: 0 };
afterAll(() => console.log(JSON.stringify({ fuzz: 'app manifest', ...tally, untypedCrash: 0 })));

function readOrRefuse(value: unknown): void {
  tally.inputs++;
  try {
    parseManifest(value, 'fuzz.json');
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    expect(error.message).toContain('fuzz.json');
    tally.typedError++;
    return;
  }
  tally.read++;
}

/** The shipped manifest with one field (at any depth) replaced by a random JSON value, or deleted. */
const mutated = fc.tuple(fc.nat(), fc.option(fc.jsonValue(), { nil: undefined })).map(([pick, value]) => {
  const copy = structuredClone(shipped) as Record<string, unknown>;
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (typeof node !== 'object' || node === null) return;
    for (const key of Object.keys(node)) {
      paths.push([...path, key]);
      walk((node as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(copy, []);
  const path = paths[pick % paths.length]!;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  if (value === undefined) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = value;
  return copy;
});

describe('parseManifest under fuzzing', () => {
  it('reads the shipped manifest, and reads or refuses random and mutated ones with a ManifestError', () => {
    readOrRefuse(shipped);
    expect(tally.read).toBe(1);
    fc.assert(fc.property(fc.jsonValue(), readOrRefuse), { numRuns });
    fc.assert(fc.property(mutated, readOrRefuse), { numRuns });
  });
});

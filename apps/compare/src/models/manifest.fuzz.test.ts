import { readFileSync } from 'node:fs';
import { FUZZ_RUNS, mutatedJson, refusalTally } from '@latentlab/fuzz-support';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from './manifest.js';

// The app's manifest.json parser fed random JSON and mutations of the shipped manifest: parsed or
// refused with a ManifestError naming the field — never another error. FUZZ_RUNS raises the count.
const numRuns = FUZZ_RUNS;
const shipped = JSON.parse(
  readFileSync(new URL('../../public/models/manifest.json', import.meta.url), 'utf8'),
);
const fuzz = refusalTally([ManifestError]);
afterAll(fuzz.log);
const readOrRefuse = (value: unknown) =>
  fuzz.readOrRefuse('app manifest', () => parseManifest(value, 'fuzz.json'), { source: 'fuzz.json' });

/** The shipped manifest with one field (at any depth) replaced by a random JSON value, or deleted. */
const mutated = mutatedJson(shipped as Record<string, unknown>);

describe('parseManifest under fuzzing', () => {
  it('reads the shipped manifest, and reads or refuses random and mutated ones with a ManifestError', () => {
    readOrRefuse(shipped);
    expect(fuzz.tallies.get('app manifest')?.read).toBe(1);
    fc.assert(fc.property(fc.jsonValue(), readOrRefuse), { numRuns });
    fc.assert(fc.property(mutated, readOrRefuse), { numRuns });
  });
});

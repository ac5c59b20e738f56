import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError, parseTrainState, readTrainState } from '@latentlab/train';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';
import { checkRunState, type RunState } from './run-state.js';

// A checkpoint's training state (what --resume, sample and export trust) fed random and mutated JSON:
// parsed and checked, or refused with a CheckpointError or CliError naming the file — never another
// error. FUZZ_RUNS raises the count (`pnpm fuzz`).
const numRuns = Number(process.env['FUZZ_RUNS'] ?? 1500);
const tally = { inputs: 0, typedError: 0, read: 0 };
const root = mkdtempSync(join(tmpdir(), 'latentlab-state-fuzz-'));
let valid: Record<string, unknown>;
beforeAll(async () => {
  await trainTinyDit(join(root, 'run'));
  valid = readTrainState(join(root, 'run')) as unknown as Record<string, unknown>;
}, 120_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify({ fuzz: 'checkpoint state', ...tally, untypedCrash: 0 }));
});

function readOrRefuse(text: string): void {
  tally.inputs++;
  try {
    checkRunState(parseTrainState(text, 'fuzz.safetensors') as RunState, 'fuzz.safetensors');
  } catch (error) {
    if (!(error instanceof CheckpointError || error instanceof CliError)) throw error;
    expect(error.message).toContain('fuzz.safetensors');
    tally.typedError++;
    return;
  }
  tally.read++;
}

/** The valid state with one field (at any depth) replaced by a random JSON value, or deleted. */
function mutate(state: Record<string, unknown>, pick: number, value: unknown): Record<string, unknown> {
  const copy = structuredClone(state);
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
  let parent = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  if (value === undefined) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = value;
  return copy;
}

describe('checkpoint training state under fuzzing', () => {
  it('the valid state of a real run is read', () => {
    readOrRefuse(JSON.stringify(valid));
    expect(tally.read).toBe(1);
  });

  it('refuses a setting whose value is an object with a broken toString (regression: found by pnpm fuzz)', () => {
    const settings = valid['settings'] as Record<string, unknown>;
    const state = { ...valid, settings: { ...settings, learningRate: { toString: null } } };
    expect(() => checkRunState(state as unknown as RunState, 'fuzz.safetensors')).toThrow(
      /fuzz\.safetensors: settings: learningRate \{"toString":null\}: expected a number/,
    );
  });

  it('random text, random JSON and mutated valid states are read or refused with a typed error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), readOrRefuse), { numRuns });
    fc.assert(
      fc.property(fc.jsonValue(), (value) => readOrRefuse(JSON.stringify(value) ?? '')),
      { numRuns },
    );
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.jsonValue(), { nil: undefined }), (pick, value) =>
        readOrRefuse(JSON.stringify(mutate(valid, pick, value))),
      ),
      { numRuns },
    );
  });
});

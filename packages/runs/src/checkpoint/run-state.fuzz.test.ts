import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUZZ_RUNS, mutatedJson, refusalTally } from '@latentlab/fuzz-support';
import { CheckpointError, parseTrainState, readTrainState } from '@latentlab/train';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { train } from '../training/train.js';
import { checkRunState, type RunState } from './run-state.js';

// A checkpoint's training state (what --resume, sample and export trust) fed random and mutated JSON:
// parsed and checked, or refused with a CheckpointError or CliError naming the file — never another
// error. FUZZ_RUNS raises the count (`pnpm fuzz`).
const numRuns = FUZZ_RUNS;
const fuzz = refusalTally([CheckpointError, CliError]);
const root = mkdtempSync(join(tmpdir(), 'latentlab-state-fuzz-'));
let valid: Record<string, unknown>;
beforeAll(async () => {
  // A real run's state (a few steps of the two-moons MLP, with a model-size override as a nested group).
  const out = join(root, 'run');
  await train({
    recipe: 'rf-mlp-moons',
    steps: 3,
    batchSize: 16,
    model: { hidden: 16 },
    out,
    progress: { write: () => true },
  });
  valid = readTrainState(out) as unknown as Record<string, unknown>;
}, 120_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  fuzz.log();
});

function readOrRefuse(text: string): void {
  fuzz.readOrRefuse(
    'checkpoint state',
    () => checkRunState(parseTrainState(text, 'fuzz.safetensors') as RunState, 'fuzz.safetensors'),
    { source: 'fuzz.safetensors' },
  );
}

describe('checkpoint training state under fuzzing', () => {
  it('the valid state of a real run is read', () => {
    readOrRefuse(JSON.stringify(valid));
    expect(fuzz.tallies.get('checkpoint state')?.read).toBe(1);
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
      fc.property(mutatedJson(valid), (state) => readOrRefuse(JSON.stringify(state))),
      { numRuns },
    );
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { train } from './train.js';

const SILENT = { write: () => true };
/** A quick run: small MLP, small batches; checkpoints every 10 steps. */
const SETTINGS = {
  recipe: 'rf-mlp-moons',
  steps: 120,
  batchSize: 32,
  model: { hidden: 16 },
  seed: 7,
  checkpointEvery: 10,
  backend: 'cpu' as const,
  progress: SILENT,
};

const losses = (directory: string) =>
  readFileSync(join(directory, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { step: number; loss: number }).loss);

const savedStep = (directory: string): number => {
  try {
    return (JSON.parse(readFileSync(join(directory, 'state.json'), 'utf8')) as { step: number }).step;
  } catch {
    return 0;
  }
};

const directories: string[] = [];
const scratch = (prefix: string) => {
  directories.push(mkdtempSync(join(tmpdir(), prefix)));
  return directories.at(-1)!;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('train --resume', () => {
  // fit's own test SIGKILLs a run mid-way (packages/train/src/fit.test.ts); this one checks what the CLI adds.
  it('continues a run to more steps with exactly the metrics.jsonl of an uninterrupted run', async () => {
    const root = scratch('latentlab-resume-');
    const first = await train({ ...SETTINGS, steps: 47, out: join(root, 'resumed') });
    expect(first.step).toBe(47);
    expect(savedStep(join(root, 'resumed'))).toBe(47);
    const resumed = await train({ ...SETTINGS, out: join(root, 'resumed'), resume: true });
    const straight = await train({ ...SETTINGS, out: join(root, 'straight') });
    expect(resumed.step).toBe(120);
    expect(losses(join(root, 'resumed'))).toEqual(losses(join(root, 'straight')));
    expect(resumed.losses).toEqual(straight.losses);
    expect(straight.losses).toHaveLength(120);
    expect(existsSync(join(root, 'resumed', 'samples-120.png'))).toBe(true);
    expect(existsSync(join(root, 'resumed', 'loss.png'))).toBe(true);
  }, 60_000);

  it('names the problem: missing checkpoint, truncated checkpoint, different model', async () => {
    const root = scratch('latentlab-resume-errors-');
    await expect(train({ ...SETTINGS, out: join(root, 'nothing'), resume: true })).rejects.toThrow(
      /no checkpoint in .*nothing: .*checkpoint\.safetensors does not exist/,
    );
    const out = join(root, 'run');
    await train({ ...SETTINGS, steps: 2, out });
    await expect(train({ ...SETTINGS, steps: 4, model: { hidden: 24 }, out, resume: true })).rejects.toThrow(
      "model config field 'hiddenSize' is 24 but the checkpoint has 16",
    );
    const checkpoint = join(out, 'checkpoint.safetensors');
    truncateSync(checkpoint, statSync(checkpoint).size - 100);
    await expect(train({ ...SETTINGS, steps: 4, out, resume: true })).rejects.toThrow(
      /corrupt checkpoint: .*checkpoint\.safetensors: /,
    );
  }, 30_000);
});

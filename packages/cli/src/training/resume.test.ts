import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { train } from './train.js';

const SILENT = { write: () => true };
/** A quick run: small MLP, small batches; checkpoints every 10 steps. */
const RUN = [
  '--recipe',
  'rf-mlp-moons',
  '--steps',
  '120',
  '--batch-size',
  '32',
  '--hidden',
  '16',
  '--seed',
  '7',
  '--checkpoint-every',
  '10',
  '--backend',
  'cpu',
];
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

/** Starts `latentlab train …` in a child process and SIGKILLs it once a checkpoint of step ≥ `atStep` exists. */
function killAfterCheckpoint(
  out: string,
  atStep: number,
): Promise<{ signal: NodeJS.Signals | null; step: number }> {
  // `node --import tsx`, not the tsx binary: that one runs node in a grandchild, which SIGKILL would miss.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'train', ...RUN, '--out', out],
    {
      cwd: join(import.meta.dirname, '../..'),
      stdio: 'ignore',
    },
  );
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (savedStep(out) >= atStep) child.kill('SIGKILL');
    }, 5);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, step: savedStep(out) });
    });
  });
}

const directories: string[] = [];
const scratch = (prefix: string) => {
  directories.push(mkdtempSync(join(tmpdir(), prefix)));
  return directories.at(-1)!;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('train --resume', () => {
  it('continues a SIGKILLed run with exactly the loss curve of an uninterrupted run', async () => {
    const root = scratch('latentlab-resume-');
    const killed = await killAfterCheckpoint(join(root, 'killed'), 20);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.step).toBeGreaterThanOrEqual(20);
    expect(killed.step).toBeLessThan(120);

    const resumed = await train({ ...SETTINGS, out: join(root, 'killed'), resume: true });
    const straight = await train({ ...SETTINGS, out: join(root, 'straight') });
    expect(resumed.step).toBe(120);
    expect(losses(join(root, 'killed'))).toEqual(losses(join(root, 'straight')));
    expect(resumed.losses).toEqual(straight.losses);
    expect(straight.losses).toHaveLength(120);
    expect(existsSync(join(root, 'killed', 'samples-120.png'))).toBe(true);
    expect(existsSync(join(root, 'killed', 'loss.png'))).toBe(true);
  }, 60_000);

  it('names the problem: missing checkpoint, truncated checkpoint, different model', async () => {
    const root = scratch('latentlab-resume-errors-');
    await expect(train({ ...SETTINGS, out: join(root, 'nothing'), resume: true })).rejects.toThrow(
      /no checkpoint in .*nothing: .*state\.json does not exist/,
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

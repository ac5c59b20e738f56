import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '@latentlab/runs';
import { readSafetensors, writeSafetensors } from '@latentlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './test-support/cli-process.js';
import { runCaptured } from './test-support/run-captured.js';

// Every case here lost or overwrote a user's work before: each test fails on that behaviour.

const SILENT = { write: () => true };
const MOONS = {
  recipe: 'rf-mlp-moons',
  batchSize: 32,
  model: { hidden: 16 },
  seed: 3,
  checkpointEvery: 10,
  backend: 'cpu' as const,
  progress: SILENT,
};
const root = mkdtempSync(join(tmpdir(), 'latentlab-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string) => join(root, `${name}-${counter++}`);

const losses = (directory: string) =>
  readFileSync(join(directory, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { loss: number }).loss);

/** Rewrites the training state stored in a run's checkpoint (its safetensors metadata). */
function editCheckpointState(
  out: string,
  edit: (state: Record<string, unknown>) => void,
  tensors?: (names: Map<string, unknown>) => void,
) {
  const path = join(out, 'checkpoint.safetensors');
  const contents = readSafetensors(new Uint8Array(readFileSync(path)), path);
  const state = JSON.parse(contents.metadata['state']!);
  edit(state);
  tensors?.(contents.tensors as Map<string, unknown>);
  writeFileSync(path, writeSafetensors(contents.tensors, { state: JSON.stringify(state) }));
}

describe('runs are never lost', () => {
  it('export refuses a run checkpoint as its --onnx, and an existing file without --force', async () => {
    const out = fresh('export');
    await train({ ...MOONS, steps: 3, out });
    const checkpoint = join(out, 'checkpoint.safetensors');
    const before = readFileSync(checkpoint);
    const ontoCheckpoint = await runCaptured([
      'export',
      '--checkpoint',
      out,
      '--onnx',
      checkpoint,
      '--force',
    ]);
    expect(ontoCheckpoint.code).toBe(1);
    expect(ontoCheckpoint.stderr).toContain("that is a run's checkpoint file");
    expect(readFileSync(checkpoint).equals(before)).toBe(true);
    const onnx = join(out, 'model.onnx');
    writeFileSync(onnx, 'a file of the user');
    const existing = await runCaptured(['export', '--checkpoint', out, '--onnx', onnx]);
    expect(existing.stderr).toContain(`--onnx ${onnx}: already exists: --force replaces it`);
    expect(readFileSync(onnx, 'utf8')).toBe('a file of the user');
    const forced = await runCaptured(['export', '--checkpoint', out, '--onnx', onnx, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(
      /^export: recording the ONNX graph of .*\nexport: verifying \d+ bytes: onnxruntime-node against tfjs/,
    );
    expect(readFileSync(onnx).subarray(0, 2).toString()).not.toBe('a ');
  });

  it('sample refuses to write over a file without --force', async () => {
    const out = fresh('sample');
    await train({ ...MOONS, steps: 2, out });
    const png = join(out, 'mine.png');
    writeFileSync(png, 'kept');
    const refused = await runCaptured(['sample', '--checkpoint', out, '--out', png, '--backend', 'cpu']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists: --force replaces it');
    expect(readFileSync(png, 'utf8')).toBe('kept');
    const forced = await runCaptured([
      'sample',
      '--checkpoint',
      out,
      '--out',
      png,
      '--backend',
      'cpu',
      '--force',
    ]);
    expect(forced.code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });

  it('train refuses an --out holding a run; --force replaces it, leaving no file of the old run', async () => {
    const out = fresh('train');
    await train({ ...MOONS, steps: 30, out, sampleEvery: 20 });
    writeFileSync(join(out, 'model.onnx'), 'an export of the 30-step run');
    writeFileSync(join(out, 'notes.txt'), 'not a run file');
    const checkpoint = readFileSync(join(out, 'checkpoint.safetensors'));
    await expect(train({ ...MOONS, steps: 5, out })).rejects.toThrow(
      /out .*: already holds a run \(.*\): resume continues it, force replaces it/,
    );
    // The library names its fields; the command shows them as the flags that set them.
    const viaCli = await runCaptured(['train', '--recipe', 'rf-mlp-moons', '--steps', '5', '--out', out]);
    expect(viaCli.stderr).toMatch(
      /--out .*: already holds a run \(.*\): --resume continues it, --force replaces it/,
    );
    expect(readFileSync(join(out, 'checkpoint.safetensors')).equals(checkpoint)).toBe(true);
    await train({ ...MOONS, steps: 5, out, force: true });
    expect(readdirSync(out).sort()).toEqual([
      'checkpoint.safetensors',
      'loss.png',
      'metrics.jsonl',
      'model-card.json',
      'notes.txt',
      'samples-5.png',
      'state.json',
    ]);
    expect(losses(out)).toHaveLength(5);
  });

  it('a resume below the saved step is an error, not "steps 21…10"', async () => {
    const out = fresh('below');
    await train({ ...MOONS, steps: 20, out });
    await expect(train({ ...MOONS, steps: 10, out, resume: true })).rejects.toThrow(
      'it is at step 20 already; steps above 20 continue it',
    );
  });

  it('removes stale partial files on start and keeps --keep step checkpoints, the latest resumable', async () => {
    const out = fresh('keep');
    await train({ ...MOONS, steps: 10, out });
    // A partial from a process that no longer exists (pids are below 2^22 on Linux).
    writeFileSync(join(out, 'checkpoint.safetensors.partial-4194999'), 'half a checkpoint');
    await train({ ...MOONS, steps: 50, out, resume: true, keepCheckpoints: 2 });
    expect(readdirSync(out).some((name) => name.includes('.partial-'))).toBe(false);
    expect(readdirSync(join(out, 'checkpoints'))).toEqual([
      'step-00000040.safetensors',
      'step-00000050.safetensors',
    ]);
    const kept = readSafetensors(
      new Uint8Array(readFileSync(join(out, 'checkpoints', 'step-00000040.safetensors'))),
    );
    expect(JSON.parse(kept.metadata['state']!).step).toBe(40);
  });
});

describe('the saved state is checked field by field', () => {
  it.each([
    [
      'step deleted',
      (state: Record<string, unknown>) => delete state['step'],
      'step is undefined, expected an integer ≥ 1',
    ],
    [
      'step −1',
      (state: Record<string, unknown>) => (state['step'] = -1),
      'step is -1, expected an integer ≥ 1',
    ],
    ['step 0', (state: Record<string, unknown>) => (state['step'] = 0), 'step is 0, expected an integer ≥ 1'],
    [
      'optimizerStep beyond step',
      (state: Record<string, unknown>) => (state['optimizerStep'] = 99),
      'optimizerStep is 99, expected at most the step (8)',
    ],
    [
      'a garbled setting',
      (state: Record<string, unknown>) =>
        ((state['settings'] as Record<string, unknown>)['learningRate'] = 'fast'),
      'settings: learningRate "fast": expected a number > 0',
    ],
    [
      'no recipe',
      (state: Record<string, unknown>) => delete state['recipe'],
      'recipe is undefined, expected a recipe name',
    ],
  ])('%s: the resume stops naming the file and field', async (_case, edit, message) => {
    const out = fresh('state');
    await train({ ...MOONS, steps: 8, out });
    const metricsBefore = readFileSync(join(out, 'metrics.jsonl'), 'utf8');
    editCheckpointState(out, edit);
    await expect(train({ ...MOONS, steps: 12, out, resume: true })).rejects.toThrow(
      `corrupt checkpoint: ${join(out, 'checkpoint.safetensors')}: ${message}`,
    );
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore); // nothing wiped
  });

  it('accepts commit null (a run trained from an npm install) and rejects a commit that is not a string', async () => {
    const out = fresh('commit');
    await train({ ...MOONS, steps: 4, out });
    editCheckpointState(out, (state) => {
      state['commit'] = null;
    });
    expect((await train({ ...MOONS, steps: 6, out, resume: true })).step).toBe(6);
    editCheckpointState(out, (state) => {
      state['commit'] = 42;
    });
    await expect(train({ ...MOONS, steps: 8, out, resume: true })).rejects.toThrow(
      'commit is 42, expected a git commit (or null outside a latentlab checkout)',
    );
  });

  it('checks the tensors against the model: every parameter, its EMA and both AdamW moments', async () => {
    const out = fresh('tensors');
    await train({ ...MOONS, steps: 4, out });
    const names = [
      ...readSafetensors(new Uint8Array(readFileSync(join(out, 'checkpoint.safetensors')))).tensors.keys(),
    ];
    const moment = names.find((name) => name.startsWith('adamw.v.'))!;
    editCheckpointState(
      out,
      () => {},
      (tensors) => tensors.delete(moment),
    );
    await expect(train({ ...MOONS, steps: 6, out, resume: true })).rejects.toThrow(
      `AdamW second moment '${moment.slice('adamw.v.'.length)}' is missing, expected float32[`,
    );
  });

  it('a kill between the two renames (state.json older than the checkpoint) resumes from the checkpoint', async () => {
    const out = fresh('renames');
    await train({ ...MOONS, steps: 10, out });
    const older = readFileSync(join(out, 'state.json'));
    await train({ ...MOONS, steps: 20, out, resume: true });
    writeFileSync(join(out, 'state.json'), older); // as if killed after the checkpoint's rename
    const resumed = await train({ ...MOONS, steps: 30, out, resume: true });
    const straight = await train({ ...MOONS, steps: 30, out: fresh('renames-straight') });
    expect(resumed.losses).toEqual(straight.losses);
  });
});

describe('SIGINT', () => {
  it('stops a running train after the step with a checkpoint; --resume gives the uninterrupted losses', async () => {
    const out = fresh('sigint');
    const args = ['--recipe', 'rf-mlp-moons', '--batch-size', '32', '--hidden', '16', '--seed', '3'];
    const child = spawnCli(
      ['train', ...args, '--steps', '100000', '--checkpoint-every', '0', '--backend', 'cpu', '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const metrics = join(out, 'metrics.jsonl');
    while (!existsSync(metrics) || readFileSync(metrics, 'utf8').split('\n').length < 30) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    const step = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8')).step as number;
    expect(step).toBeGreaterThanOrEqual(29);
    expect(stdout).toContain(
      `stopped at step ${step}; checkpoint saved in ${out}: latentlab train --out ${out} --resume continues`,
    );
    const steps = step + 15;
    const resumed = await train({ ...MOONS, steps, out, resume: true });
    const straight = await train({ ...MOONS, steps, out: fresh('sigint-straight') });
    expect(resumed.losses).toEqual(straight.losses);
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, type ModelFunction, tensor } from '@latentlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, readTrainState, saveCheckpoint } from './checkpoint/checkpoint.js';
import { fit, TrainingDivergedError } from './fit.js';
import { regressionObjective } from './objectives/regression.js';
import { toyRun } from './test-support/toy-run.js';

const directories: string[] = [];
const scratch = (prefix: string) => {
  directories.push(mkdtempSync(join(tmpdir(), prefix)));
  return directories.at(-1)!;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

const savedStep = (directory: string): number => {
  try {
    return readTrainState(directory).step;
  } catch {
    return 0;
  }
};

/** Runs test-support/toy-run.ts in a child process and SIGKILLs it once a checkpoint of step ≥ `atStep` exists. */
function killAfterCheckpoint(
  directory: string,
  atStep: number,
  losses: string,
): Promise<NodeJS.Signals | null> {
  // `node --import tsx`, not the tsx binary: that one runs node in a grandchild, which SIGKILL would miss.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'test-support', 'toy-run.ts'), directory, '120', losses],
    { stdio: 'ignore' },
  );
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (savedStep(directory) >= atStep) child.kill('SIGKILL');
    }, 5);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve(signal);
    });
  });
}

const lossLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { step: number; loss: number });

describe('fit: checkpoints and exact resume', () => {
  it('continues a SIGKILLed run with exactly the losses of an uninterrupted one', async () => {
    const root = scratch('latentlab-fit-resume-');
    const killed = join(root, 'killed');
    const childLosses = join(root, 'child-losses.jsonl');
    expect(await killAfterCheckpoint(killed, 20, childLosses)).toBe('SIGKILL');
    const step = savedStep(killed);
    expect(step).toBeGreaterThanOrEqual(20);
    expect(step).toBeLessThan(120);
    // A kill can land mid-write: the checkpoint and state read above are whole (renamed into place only
    // once written), and any `.partial-<pid>` left is the dead writer's, removed by the next save.
    const partials = () => readdirSync(killed).filter((name) => name.includes('.partial-'));
    expect(partials().length).toBeLessThanOrEqual(2);

    const resumed = await toyRun(killed, 120, { resume: true });
    expect(partials()).toEqual([]);
    const straight = await toyRun(join(root, 'straight'), 120);
    expect(straight.losses).toHaveLength(120);
    expect(resumed.losses).toEqual(straight.losses.slice(step)); // bit for bit
    // The child logged each loss after its step (and that step's checkpoint): all but maybe the last one.
    const beforeKill = lossLines(childLosses).filter((line) => line.step <= step);
    expect(beforeKill.length).toBeGreaterThanOrEqual(step - 1);
    expect(beforeKill.map((line) => line.loss)).toEqual(straight.losses.slice(0, beforeKill.length));
    expect(resumed.ema).toEqual(straight.ema);
    expect(readTrainState(killed)).toMatchObject({ step: 120, note: 'toy' });
  }, 120_000);

  it('stops on an aborted signal after saving the step, and the resumed run matches', async () => {
    const root = scratch('latentlab-fit-abort-');
    const controller = new AbortController();
    const stopped = join(root, 'stopped');
    const stopAt = 13;
    const run = toyRun(stopped, 30, { signal: controller.signal, losses: join(root, 'losses.jsonl') });
    const poll = setInterval(() => {
      if (existsSync(join(root, 'losses.jsonl')) && lossLines(join(root, 'losses.jsonl')).length >= stopAt) {
        controller.abort();
        clearInterval(poll);
      }
    }, 1);
    await expect(run).rejects.toThrow(/aborted|stopped/);
    const step = savedStep(stopped);
    expect(step).toBeGreaterThanOrEqual(stopAt);
    const resumed = await toyRun(stopped, 30, { resume: true });
    const straight = await toyRun(join(root, 'straight'), 30);
    expect(resumed.losses).toEqual(straight.losses.slice(step));
  }, 60_000);

  it('names the problem: another seed, fewer steps than saved, a parameter of another shape', async () => {
    const root = scratch('latentlab-fit-errors-');
    await toyRun(root, 10);
    const checkpoint = loadCheckpoint(root);
    const base = {
      model: ((ops, params, { x }) => ops.mul(x!, params.get('input.bias'))) as ModelFunction,
      objective: regressionObjective(),
      batches: {
        next: () => ({ inputs: {}, target: tensor([0], [1]) }),
        state: () => null,
        restore: () => {},
      },
    };
    const params = new Map(checkpoint.tensors.params);
    await expect(fit({ ...base, params, steps: 20, rng: createRng(12), resume: checkpoint })).rejects.toThrow(
      /the run's generator differs from the checkpoint's/,
    );
    await expect(fit({ ...base, params, steps: 5, rng: createRng(11), resume: checkpoint })).rejects.toThrow(
      'fit: steps 5; expected an integer ≥ 10 (the checkpoint’s step)',
    );
    const wrongShape = new Map(params).set('input.bias', tensor(new Float32Array(3), [3]));
    await expect(
      fit({ ...base, params: wrongShape, steps: 20, rng: createRng(11), resume: checkpoint }),
    ).rejects.toThrow(
      "corrupt checkpoint: the resumed checkpoint: parameter 'input.bias' is float32[64], expected float32[3]",
    );
    const extra = new Map(params);
    extra.delete('input.bias');
    await expect(
      fit({ ...base, params: extra, steps: 20, rng: createRng(11), resume: checkpoint }),
    ).rejects.toThrow(
      "corrupt checkpoint: the resumed checkpoint: parameter 'input.bias' is not a parameter of the model",
    );
    // The state that counts is the checkpoint's own (state.json is a copy, which a kill may leave older).
    writeFileSync(join(root, 'state.json'), '{"format": "latentlab-train-state/1", "step": -1}');
    expect(readTrainState(root).step).toBe(10);
    saveCheckpoint(root, checkpoint.tensors, { ...checkpoint.state, step: -1 });
    expect(() => readTrainState(root)).toThrow(
      /checkpoint\.safetensors: step is -1, expected an integer ≥ 1/,
    );
  }, 60_000);

  it('stops with TrainingDivergedError naming the step when the loss is not finite', async () => {
    const model: ModelFunction = (ops, params, { a }) => ops.mul(a!, params.get('w'));
    const batches = {
      next: () => ({ inputs: { a: tensor([Number.POSITIVE_INFINITY], [1]) }, target: tensor([0], [1]) }),
      state: () => null,
      restore: () => {},
    };
    const run = fit({
      model,
      params: new Map([['w', tensor([1], [1])]]),
      objective: regressionObjective(),
      batches,
      steps: 3,
      rng: createRng(0),
    });
    await expect(run).rejects.toThrow(TrainingDivergedError);
    await expect(run).rejects.toThrow('training diverged: loss is Infinity at step 1');
  });
});

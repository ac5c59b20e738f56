import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrainState } from './checkpoint/checkpoint.js';
import { checkpointFiles } from './checkpoint/checkpoint-files.js';
import { toyRun } from './test-support/toy-run.js';

// Crash consistency: a real training (fit, in a child process: EMA, clipping, cosine lr, checkpoints
// every 10 steps) is SIGKILLed at several moments — mid-run after a chosen step, and the instant a
// checkpoint write has begun (its `.partial-<pid>` file exists) — then resumed. Each resumed run must
// give the uninterrupted run's remaining losses and end with the same checkpoint and state, byte for byte.
const STEPS = 120;
const root = mkdtempSync(join(tmpdir(), 'latentlab-kill-trials-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const savedStep = (directory: string): number => {
  try {
    return readTrainState(directory).step;
  } catch {
    return 0;
  }
};
const partials = (directory: string) => {
  try {
    return readdirSync(directory).filter((name) => name.includes('.partial-'));
  } catch {
    return [];
  }
};

type Trigger = { afterStep: number } | { duringWriteAfterStep: number };

/** Starts toy-run.ts in a child and SIGKILLs it at `trigger`; resolves when it has died. */
function killAt(directory: string, trigger: Trigger): Promise<NodeJS.Signals | null> {
  // `node --import tsx`, not the tsx binary: that one runs node in a grandchild, which SIGKILL would miss.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'test-support', 'toy-run.ts'),
      directory,
      String(STEPS),
      join(directory, '..', 'ignored.jsonl'),
    ],
    { stdio: 'ignore' },
  );
  const kill = () => child.kill('SIGKILL');
  let watcher: ReturnType<typeof watch> | undefined;
  const poll = setInterval(() => {
    if ('afterStep' in trigger) {
      if (savedStep(directory) >= trigger.afterStep) kill();
    } else if (!watcher && savedStep(directory) >= trigger.duringWriteAfterStep) {
      // From here, the first partial file the writer creates kills it: inotify reports it while the
      // writer is still writing or fsyncing.
      watcher = watch(directory, (_event, name) => {
        if (name?.includes('.partial-')) kill();
      });
    }
  }, 2);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      watcher?.close();
      resolve(signal);
    });
  });
}

describe('SIGKILL at random moments, resume, compare with an uninterrupted run', () => {
  const trials: { name: string; trigger: Trigger }[] = [
    { name: 'after step 17', trigger: { afterStep: 17 } },
    { name: 'after step 46', trigger: { afterStep: 46 } },
    { name: 'after step 93', trigger: { afterStep: 93 } },
    { name: 'during a checkpoint write after step 30', trigger: { duringWriteAfterStep: 30 } },
    { name: 'during a checkpoint write after step 70', trigger: { duringWriteAfterStep: 70 } },
  ];
  let straight: Awaited<ReturnType<typeof toyRun>>;
  let straightBytes: { checkpoint: Buffer; state: string };
  const outcomes: { trial: string; killedAtStep: number; partialLeft: boolean }[] = [];
  afterAll(() => console.log(JSON.stringify({ killTrials: outcomes })));

  it('the uninterrupted run', async () => {
    const directory = join(root, 'straight');
    straight = await toyRun(directory, STEPS);
    expect(straight.losses).toHaveLength(STEPS);
    const files = checkpointFiles(directory);
    straightBytes = { checkpoint: readFileSync(files.checkpoint), state: readFileSync(files.state, 'utf8') };
  }, 60_000);

  for (const { name, trigger } of trials) {
    it(`killed ${name}: resumed losses, final checkpoint and state equal the uninterrupted run's`, async () => {
      const directory = join(root, name.replace(/\W+/g, '-'));
      expect(await killAt(directory, trigger)).toBe('SIGKILL');
      const step = savedStep(directory);
      const partialLeft = partials(directory).length > 0;
      outcomes.push({ trial: name, killedAtStep: step, partialLeft });
      expect(step).toBeGreaterThanOrEqual(
        'afterStep' in trigger ? trigger.afterStep : trigger.duringWriteAfterStep,
      );
      expect(step).toBeLessThan(STEPS);

      const resumed = await toyRun(directory, STEPS, { resume: true });
      expect(partials(directory)).toEqual([]); // the dead writer's partial file is gone
      expect(resumed.losses).toEqual(straight.losses.slice(step)); // bit for bit
      const files = checkpointFiles(directory);
      expect(readFileSync(files.state, 'utf8')).toBe(straightBytes.state);
      expect(readFileSync(files.checkpoint).equals(straightBytes.checkpoint)).toBe(true);
    }, 120_000);
  }

  it('at least one kill landed inside a checkpoint write (a partial file was left behind)', () => {
    expect(outcomes.filter((outcome) => outcome.partialLeft).length).toBeGreaterThanOrEqual(1);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './test-support/run-captured.js';

const root = mkdtempSync(join(tmpdir(), 'latentlab-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `latentlab train` with a recipe and an out, plus `flags`. */
const trainWith = (...flags: string[]) =>
  runCaptured(['train', '--recipe', 'rf-mlp-moons', '--out', join(root, 'never'), ...flags]);

/** Exactly one line on stderr, starting with the command's prefix once. */
function expectOneLineError(result: { code: number; stderr: string }, text: string | RegExp) {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^latentlab train: (?!latentlab)/);
  if (typeof text === 'string') expect(result.stderr).toContain(text);
  else expect(result.stderr).toMatch(text);
}

describe('latentlab', () => {
  it('answers an unknown recipe with one line listing the recipes', async () => {
    const result = await runCaptured(['train', '--recipe', 'rf-dit-cifar', '--out', '/nonexistent/run']);
    expectOneLineError(result, '--recipe "rf-dit-cifar": expected one of rf-dit-mnist, rf-dit-mnist-quick');
    expect(result.stderr).toContain('rf-mlp-moons');
  });

  it('answers unknown commands, unknown flags and bad values in one line', async () => {
    expect((await runCaptured(['trian'])).stderr).toContain("unknown command 'trian'");
    const unknownFlag = await trainWith('--learning-rate', '1');
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.stderr).toMatch(/--learning-rate/);
    expectOneLineError(await trainWith('--steps', 'ten'), '--steps "ten": expected an integer ≥ 1');
    expectOneLineError(await runCaptured(['train', '--recipe', 'rf-mlp-moons']), '--out DIR is required');
  });

  it.each([
    [['--steps', '0'], '--steps "0": expected an integer ≥ 1'],
    [['--steps', '-1'], '--steps "-1": expected an integer ≥ 1'],
    [['--steps=-1'], '--steps "-1": expected an integer ≥ 1'],
    [['--lr=-1'], '--lr "-1": expected a number > 0'],
    [['--lr', '-1e-3'], '--lr "-1e-3": expected a number > 0'],
    [['--ema-decay', '5'], '--ema-decay "5": expected a number in [0, 1)'],
    [['--hidden', '0'], '--hidden "0": expected an integer ≥ 1'],
    [['--batch-size', '0'], '--batch-size "0": expected an integer ≥ 1'],
    [['--label-dropout', '1.5'], '--label-dropout "1.5": expected a number in [0, 1]'],
    [['--time-distribution', 'gaussian'], '--time-distribution "gaussian": expected one of logit-normal'],
    [['--init-adaln-zero', 'yes'], '--init-adaln-zero "yes": expected true or false'],
    [['--resume', '--force'], '--resume continues a run and --force replaces it'],
  ])('rejects %j before training', async (flags, message) => {
    expectOneLineError(await trainWith(...flags), message);
  });

  it('prints help with -h and --help, each setting with its range and the recipe default; --version', async () => {
    const quick = await runCaptured(['train', '--recipe', 'rf-dit-mnist-quick', '-h']);
    expect(quick.code).toBe(0);
    expect(quick.stdout).toContain('defaults of recipe rf-dit-mnist-quick:');
    expect(quick.stdout).toMatch(/--lr +AdamW learning rate \[> 0; default 0\.002\]/);
    expect(quick.stdout).toMatch(/--batch-size +examples per step \[≥ 1; default 32\]/);
    expect(quick.stdout).toMatch(/--hidden +model width \[≥ 1; default 128\]/);
    expect(quick.stdout).toMatch(/--init-class-std .*default 1\]/);
    const plain = await runCaptured(['train', '--help']);
    expect(plain.stdout).toMatch(/--lr +AdamW learning rate \[> 0; default 0\.0003\]/);
    for (const flag of ['-h', '--help']) {
      const top = await runCaptured([flag]);
      expect(top.code).toBe(0);
      expect(top.stdout).toContain('usage: latentlab <command>');
    }
    const version = await runCaptured(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^latentlab \d+\.\d+\.\d+/);
  });

  it('--print-config writes the resolved settings; --config reads them back, flags on top', async () => {
    const printed = await runCaptured([
      'train',
      '--recipe',
      'rf-mlp-moons',
      '--steps',
      '7',
      '--hidden',
      '24',
      '--print-config',
    ]);
    expect(printed.code).toBe(0);
    const settings = JSON.parse(printed.stdout);
    expect(settings).toMatchObject({ recipe: 'rf-mlp-moons', steps: 7, model: { hidden: 24 } });
    const file = join(root, 'run.json');
    writeFileSync(file, printed.stdout);
    const again = await runCaptured(['train', '--config', file, '--lr', '0.01', '--print-config']);
    expect(JSON.parse(again.stdout)).toEqual({ ...settings, learningRate: 0.01 });

    writeFileSync(file, JSON.stringify({ ...settings, lerningRate: 1 }));
    expectOneLineError(
      await runCaptured(['train', '--config', file, '--print-config']),
      new RegExp(`${file.replace(/[.]/g, '\\.')}: unknown setting 'lerningRate' \\(settings: recipe, steps,`),
    );
    writeFileSync(file, JSON.stringify({ ...settings, model: { hidden: -4 } }));
    expectOneLineError(
      await runCaptured(['train', '--config', file, '--print-config']),
      `${file}: model.hidden -4: expected an integer ≥ 1`,
    );
  });
});

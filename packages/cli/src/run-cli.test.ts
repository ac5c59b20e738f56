import { describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

async function run(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const errorSpy = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((text) => stderr.push(String(text)) > 0);
  const outputSpy = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((text) => stdout.push(String(text)) > 0);
  try {
    return { code: await runCli(argv), stderr: stderr.join(''), stdout: stdout.join('') };
  } finally {
    errorSpy.mockRestore();
    outputSpy.mockRestore();
  }
}

describe('latentlab', () => {
  it('answers an unknown recipe with one error listing the recipes', async () => {
    const { code, stderr } = await run(['train', '--recipe', 'rf-dit-cifar', '--out', '/nonexistent/run']);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown recipe 'rf-dit-cifar'; the recipes are:");
    expect(stderr).toContain('rf-mlp-moons');
    expect(stderr).not.toContain('    at ');
  });

  it('answers unknown commands, unknown flags and bad values clearly', async () => {
    expect((await run(['trian'])).stderr).toContain("unknown command 'trian'");
    const unknownFlag = await run([
      'train',
      '--recipe',
      'rf-mlp-moons',
      '--out',
      'x',
      '--learning-rate',
      '1',
    ]);
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.stderr).toMatch(/--learning-rate/);
    const badValue = await run(['train', '--recipe', 'rf-mlp-moons', '--out', 'x', '--steps', 'ten']);
    expect(badValue.stderr).toContain('--steps "ten": expected an integer');
    const help = await run(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--label-dropout');
  });
});

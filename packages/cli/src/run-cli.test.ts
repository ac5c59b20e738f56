import { describe, expect, it } from 'vitest';
import { runCaptured } from './test-support/run-captured.js';

describe('latentlab', () => {
  it('answers an unknown recipe with one error listing the recipes', async () => {
    const { code, stderr } = await runCaptured([
      'train',
      '--recipe',
      'rf-dit-cifar',
      '--out',
      '/nonexistent/run',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("unknown recipe 'rf-dit-cifar'; the recipes are:");
    expect(stderr).toContain('rf-mlp-moons');
    expect(stderr).not.toContain('    at ');
  });

  it('answers unknown commands, unknown flags and bad values clearly', async () => {
    expect((await runCaptured(['trian'])).stderr).toContain("unknown command 'trian'");
    const unknownFlag = await runCaptured([
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
    const badValue = await runCaptured(['train', '--recipe', 'rf-mlp-moons', '--out', 'x', '--steps', 'ten']);
    expect(badValue.stderr).toContain('--steps "ten": expected an integer');
    const help = await runCaptured(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--label-dropout');
  });
});

import { vi } from 'vitest';
import { runCli } from '../run-cli.js';

/** Runs the CLI in-process with stdout and stderr captured instead of printed. */
export async function runCaptured(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
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

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnvironment, runCommand } from './run-command.js';

const EXAMPLE_TIMEOUT_MS = 120_000;

/** The first ```ts (or ```typescript) block of a README: the package's runnable example. */
export function extractReadmeExample(readme: string): string | undefined {
  const match = /```(?:ts|typescript)\n([\s\S]*?)```/.exec(readme);
  return match?.[1];
}

/**
 * Runs the README example of an installed package from inside the smoke project, as a user who copied
 * it would: TypeScript run by tsx, imports resolved from the installed tarballs.
 */
export async function runReadmeExample(projectDirectory: string, packageName: string): Promise<string> {
  const readmePath = path.join(projectDirectory, 'node_modules', packageName, 'README.md');
  const example = extractReadmeExample(readFileSync(readmePath, 'utf8'));
  if (example === undefined) throw new Error(`${packageName}: README.md has no \`\`\`ts example block`);
  const file = path.join(projectDirectory, `readme-${packageName.replace(/[@/]/g, '_')}.mts`);
  writeFileSync(file, example);
  const { stdout } = await runCommand(path.join(projectDirectory, 'node_modules', '.bin', 'tsx'), [file], {
    cwd: projectDirectory,
    env: cleanEnvironment({}),
    timeoutMs: EXAMPLE_TIMEOUT_MS,
  });
  return stdout;
}

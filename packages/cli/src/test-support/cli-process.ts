import {
  type SpawnOptions,
  type SpawnSyncOptionsWithStringEncoding,
  spawn,
  spawnSync,
} from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI's entry point, run from source with tsx in a process of its own. */
const CLI_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts');

/** `latentlab ARGS…` as a child process (for signals, environments and runs still writing). */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], options);
}

/** `latentlab ARGS…` in a child process, waited for; stdout and stderr as text. */
export function runCliProcess(
  args: readonly string[],
  options: Partial<SpawnSyncOptionsWithStringEncoding> = {},
) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    encoding: 'utf8',
    ...options,
  });
}

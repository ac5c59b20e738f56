import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CHECKPOINT_FILE, STATE_FILE } from '@latentlab/train';
import { CliError } from './errors.js';

/**
 * Checks, before any work, that `path` (given with `flag`) may be written: its folder exists; it is never
 * a run's checkpoint or state; and an existing file is replaced only with `force`.
 */
export function requireWritableOutput(path: string, flag: string, force: boolean): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliError(`${flag} ${path}: the folder ${folder} does not exist`);
  }
  const name = basename(path);
  if (name === CHECKPOINT_FILE || name === STATE_FILE) {
    throw new CliError(
      `${flag} ${path}: that is a run's ${name === STATE_FILE ? 'state' : 'checkpoint'} file; choose another name`,
    );
  }
  if (existsSync(path)) {
    if (statSync(path).isDirectory())
      throw new CliError(`${flag} ${path}: is a folder; expected a file name`);
    if (!force) throw new CliError(`${flag} ${path} already exists: --force replaces it`);
  }
}

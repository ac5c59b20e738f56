import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CHECKPOINT_FILE, STATE_FILE } from '@latentlab/train';
import { FieldError } from './errors.js';

/**
 * Checks, before any work, that `path` (the value of `field`) may be written: its folder exists; it is
 * never a run's checkpoint or state; and an existing file is replaced only with `force`.
 */
export function requireWritableOutput(path: string, field: string, force: boolean): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new FieldError(field, path, `the folder ${folder} does not exist`);
  }
  const name = basename(path);
  if (name === CHECKPOINT_FILE || name === STATE_FILE) {
    throw new FieldError(
      field,
      path,
      `that is a run's ${name === STATE_FILE ? 'state' : 'checkpoint'} file; choose another name`,
    );
  }
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new FieldError(field, path, 'is a folder; expected a file name');
    if (!force) throw new FieldError(field, path, 'already exists: force replaces it', ['force']);
  }
}

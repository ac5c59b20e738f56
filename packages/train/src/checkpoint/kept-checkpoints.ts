import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILE } from './checkpoint-files.js';

export const KEPT_CHECKPOINTS_FOLDER = 'checkpoints';

const stepFile = (step: number) => `step-${String(step).padStart(8, '0')}.safetensors`;

/**
 * Keeps the checkpoint just committed as `DIR/checkpoints/step-N.safetensors` (a hard link: no copy, and
 * the next atomic rename of `checkpoint.safetensors` leaves it untouched) and removes the oldest beyond
 * `keep`. Each kept file is a whole checkpoint (its state is in its metadata).
 */
export function keepStepCheckpoint(directory: string, step: number, keep: number): void {
  const folder = join(directory, KEPT_CHECKPOINTS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const target = join(folder, stepFile(step));
  rmSync(target, { force: true });
  linkSync(join(directory, CHECKPOINT_FILE), target);
  const kept = keptStepCheckpoints(directory);
  for (const old of kept.slice(0, Math.max(0, kept.length - keep))) rmSync(join(folder, old.file));
}

/** The step checkpoints kept in `DIR/checkpoints/`, oldest first. */
export function keptStepCheckpoints(directory: string): { step: number; file: string }[] {
  const folder = join(directory, KEPT_CHECKPOINTS_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((file) => ({ file, match: /^step-(\d+)\.safetensors$/.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({ step: Number(match![1]), file }))
    .sort((a, b) => a.step - b.step);
}

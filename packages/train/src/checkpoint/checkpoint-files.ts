import { join } from 'node:path';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const STATE_FILE = 'state.json';

/** The files `fit` writes into a checkpoint directory. */
export function checkpointFiles(directory: string) {
  return { checkpoint: join(directory, CHECKPOINT_FILE), state: join(directory, STATE_FILE) };
}

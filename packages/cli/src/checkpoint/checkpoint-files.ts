import { join } from 'node:path';

export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const STATE_FILE = 'state.json';
export const METRICS_FILE = 'metrics.jsonl';
export const LOSS_CURVE_FILE = 'loss.png';

/** The file names of a run directory. */
export function runFiles(directory: string) {
  return {
    checkpoint: join(directory, CHECKPOINT_FILE),
    state: join(directory, STATE_FILE),
    metrics: join(directory, METRICS_FILE),
    lossCurve: join(directory, LOSS_CURVE_FILE),
    samples: (step: number) => join(directory, `samples-${step}.png`),
  };
}

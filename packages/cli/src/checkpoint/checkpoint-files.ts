import { join } from 'node:path';
import { checkpointFiles } from '@latentlab/train';

export const METRICS_FILE = 'metrics.jsonl';
export const LOSS_CURVE_FILE = 'loss.png';

/** The file names of a run directory: fit's checkpoint and state, and what the CLI adds. */
export function runFiles(directory: string) {
  return {
    ...checkpointFiles(directory),
    metrics: join(directory, METRICS_FILE),
    lossCurve: join(directory, LOSS_CURVE_FILE),
    samples: (step: number) => join(directory, `samples-${step}.png`),
  };
}

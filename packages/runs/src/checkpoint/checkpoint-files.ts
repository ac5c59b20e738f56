import { join } from 'node:path';
import { CHECKPOINT_FILE, checkpointFiles, KEPT_CHECKPOINTS_FOLDER, STATE_FILE } from '@latentlab/train';

export const METRICS_FILE = 'metrics.jsonl';
export const LOSS_CURVE_FILE = 'loss.png';
/** The run's model card, beside its checkpoint. */
export const MODEL_CARD_FILE = 'model-card.json';
/** One JSON line per `latentlab eval` setting measured. */
export const EVAL_FILE = 'eval.jsonl';

/**
 * The files a run directory holds that belong to its run: a new run in the same folder refuses to start
 * over them without --force (and --force deletes them); besides these, `samples-N.png`, exports (`*.onnx`)
 * and partial files.
 */
export const RUN_FILE_NAMES: readonly string[] = [
  CHECKPOINT_FILE,
  STATE_FILE,
  KEPT_CHECKPOINTS_FOLDER,
  METRICS_FILE,
  LOSS_CURVE_FILE,
  MODEL_CARD_FILE,
  EVAL_FILE,
];

/** True for a file name of a run directory that belongs to its run. */
export function isRunFileName(name: string): boolean {
  return (
    RUN_FILE_NAMES.includes(name) ||
    /^samples-\d+\.png$/.test(name) ||
    /\.onnx$/.test(name) ||
    /\.partial-\d+$/.test(name)
  );
}

/** The file names of a run directory: fit's checkpoint and state, and what the CLI adds. */
export function runFiles(directory: string) {
  return {
    ...checkpointFiles(directory),
    metrics: join(directory, METRICS_FILE),
    lossCurve: join(directory, LOSS_CURVE_FILE),
    samples: (step: number) => join(directory, `samples-${step}.png`),
  };
}

import { existsSync } from 'node:fs';
import { checkpointFiles, loadCheckpoint, readTrainState, type TrainState } from '@latentlab/train';
import { CliError } from '../errors.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { TrainSettings } from '../training/settings.js';

/** `DIR/state.json` of a `latentlab train` run: fit's state plus the recipe, its settings and the model. */
export interface RunState extends TrainState {
  recipe: string;
  settings: TrainSettings;
  modelConfig: ModelConfig;
}

/** A run directory's checkpoint (tensors and state); missing or corrupt files throw naming the file. */
export function loadRunCheckpoint(directory: string) {
  requireRun(directory);
  return loadCheckpoint<RunState>(directory);
}

/** A run directory's `state.json` only (its recipe, settings and model), without the tensors. */
export function readRunState(directory: string): RunState {
  requireRun(directory);
  return readTrainState<RunState>(directory);
}

function requireRun(directory: string): void {
  const files = checkpointFiles(directory);
  for (const path of [files.state, files.checkpoint]) {
    if (!existsSync(path)) {
      throw new CliError(
        `no checkpoint in ${directory}: ${path} does not exist (train with --out ${directory} first)`,
      );
    }
  }
}

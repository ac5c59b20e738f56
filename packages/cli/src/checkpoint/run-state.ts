import { existsSync } from 'node:fs';
import { checkpointFiles, loadCheckpoint, readTrainState, type TrainState } from '@latentlab/train';
import { CliError } from '../errors.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { TrainSettings } from '../training/settings.js';
import { parseSettingsObject } from '../training/settings-file.js';

/** The training state of a `latentlab train` run: fit's state plus the recipe, its settings and the model. */
export interface RunState extends TrainState {
  recipe: string;
  settings: TrainSettings;
  modelConfig: ModelConfig;
}

/** A run directory's checkpoint (tensors and state); missing or corrupt files throw naming the file and field. */
export function loadRunCheckpoint(directory: string) {
  requireRun(directory);
  const checkpoint = loadCheckpoint<RunState>(directory);
  checkRunState(checkpoint.state, checkpointFiles(directory).checkpoint);
  return checkpoint;
}

/** A run's state (its recipe, settings and model) from the checkpoint's header, without the tensors. */
export function readRunState(directory: string): RunState {
  requireRun(directory);
  const state = readTrainState<RunState>(directory);
  checkRunState(state, checkpointFiles(directory).checkpoint);
  return state;
}

/**
 * Checks what the CLI adds to fit's state (fit checks its own fields): the recipe name, every setting
 * (with the flags' kinds and ranges), the model config, and the bookkeeping fields.
 */
export function checkRunState(state: RunState, source: string): void {
  const fail = (field: string, expected: string) =>
    new CliError(
      `corrupt checkpoint: ${source}: ${field} is ${JSON.stringify((state as Record<string, unknown>)[field])}, expected ${expected}`,
    );
  if (typeof state.recipe !== 'string' || state.recipe === '') throw fail('recipe', 'a recipe name');
  parseSettingsObject(state.settings, `corrupt checkpoint: ${source}: settings`);
  const model = state.modelConfig as unknown as Record<string, unknown> | undefined;
  if (typeof model !== 'object' || model === null || (model['kind'] !== 'dit' && model['kind'] !== 'mlp')) {
    throw fail('modelConfig', "a model config of kind 'dit' or 'mlp'");
  }
  const seconds = state['seconds'];
  if (seconds !== undefined && !(typeof seconds === 'number' && seconds >= 0)) {
    throw fail('seconds', 'the training time in seconds (a number ≥ 0)');
  }
  const commit = state['commit'];
  if (commit !== undefined && commit !== null && typeof commit !== 'string') {
    throw fail('commit', 'a git commit (or null outside a latentlab checkout)');
  }
}

function requireRun(directory: string): void {
  const files = checkpointFiles(directory);
  if (!existsSync(files.checkpoint)) {
    throw new CliError(
      `no checkpoint in ${directory}: ${files.checkpoint} does not exist (train with --out ${directory} first)`,
    );
  }
}

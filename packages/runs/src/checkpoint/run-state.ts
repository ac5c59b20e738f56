import { existsSync } from 'node:fs';
import { type AutoencoderConfig, checkAutoencoderConfig } from '@latentlab/autoencoders';
import {
  type Checkpoint,
  checkpointFiles,
  loadCheckpoint,
  readTrainState,
  type TrainState,
} from '@latentlab/train';
import { CliError } from '../errors.js';
import type { ModelConfig } from '../recipes/model-config.js';
import type { AutoencoderSpec } from '../recipes/recipe.js';
import type { TrainSettings } from '../training/settings.js';
import { parseSettingsObject } from '../training/settings-file.js';

/** The training state of a `latentlab train` run: fit's state plus the recipe, its settings and the model. */
export interface RunState<M = ModelConfig> extends TrainState {
  recipe: string;
  settings: TrainSettings;
  modelConfig: M;
}

/** The state of an autoencoder run: its config (VAE, VQ-VAE, FSQ) and objective. */
export interface AutoencoderRunState extends RunState<AutoencoderConfig> {
  autoencoder: AutoencoderSpec;
}

const AUTOENCODER_KINDS: readonly string[] = ['vae', 'vqvae', 'fsq'];

export const isAutoencoderRun = (state: RunState<unknown>): state is AutoencoderRunState =>
  AUTOENCODER_KINDS.includes((state.modelConfig as { kind?: string } | undefined)?.kind ?? '');

/**
 * A run directory's checkpoint (tensors and state), of any kind; missing or corrupt files throw naming the
 * file and field.
 */
export function loadAnyRunCheckpoint(directory: string) {
  requireRun(directory);
  const checkpoint = loadCheckpoint<RunState | AutoencoderRunState>(directory);
  checkRunState(checkpoint.state, checkpointFiles(directory).checkpoint);
  return checkpoint;
}

/** A denoiser run's checkpoint; an autoencoder run is an error that says so. */
export function loadRunCheckpoint(directory: string): Checkpoint<RunState> {
  const checkpoint = loadAnyRunCheckpoint(directory);
  if (isAutoencoderRun(checkpoint.state)) throw notADenoiser(directory, checkpoint.state);
  if (['ar', 'maskgit'].includes((checkpoint.state.modelConfig as { kind: string }).kind)) {
    throw new CliError(`${directory} is a token-model run (${checkpoint.state.recipe}), not a denoiser`);
  }
  return checkpoint as Checkpoint<RunState>;
}

/** An autoencoder run's checkpoint; a denoiser run is an error that says so. */
export function loadAutoencoderCheckpoint(directory: string): Checkpoint<AutoencoderRunState> {
  const checkpoint = loadAnyRunCheckpoint(directory);
  if (!isAutoencoderRun(checkpoint.state)) throw notAnAutoencoder(directory, checkpoint.state);
  return checkpoint as Checkpoint<AutoencoderRunState>;
}

const notADenoiser = (directory: string, state: AutoencoderRunState) =>
  new CliError(
    `${directory} is an autoencoder run (${state.recipe}, a ${state.modelConfig.kind}), not a denoiser: it has no samples of its own (export it, evaluate its reconstructions, or train a token or latent model on it)`,
  );

const notAnAutoencoder = (directory: string, state: RunState) =>
  new CliError(`${directory} is a ${state.recipe} run, not an autoencoder (a VAE, VQ-VAE or FSQ run)`);

/** A run's state (its recipe, settings and model) from the checkpoint's header, without the tensors. */
export function readAnyRunState(directory: string): RunState | AutoencoderRunState {
  requireRun(directory);
  const state = readTrainState<RunState>(directory);
  checkRunState(state, checkpointFiles(directory).checkpoint);
  return state;
}

/** A denoiser run's state; an autoencoder run is an error that says so. */
export function readRunState(directory: string): RunState {
  const state = readAnyRunState(directory);
  if (isAutoencoderRun(state)) throw notADenoiser(directory, state);
  if (['ar', 'maskgit'].includes((state.modelConfig as { kind: string }).kind)) {
    throw new CliError(`${directory} is a token-model run (${state.recipe}), not a denoiser`);
  }
  return state;
}

/** An autoencoder run's state; a denoiser run is an error that says so. */
export function readAutoencoderRunState(directory: string): AutoencoderRunState {
  const state = readAnyRunState(directory);
  if (!isAutoencoderRun(state)) throw notAnAutoencoder(directory, state);
  return state;
}

/**
 * Checks what the CLI adds to fit's state (fit checks its own fields): the recipe name, every setting
 * (with the flags' kinds and ranges), the model config, and the bookkeeping fields.
 */
export function checkRunState(state: RunState<unknown>, source: string): void {
  const fail = (field: string, expected: string) =>
    new CliError(
      `corrupt checkpoint: ${source}: ${field} is ${JSON.stringify((state as Record<string, unknown>)[field])}, expected ${expected}`,
    );
  if (typeof state.recipe !== 'string' || state.recipe === '') throw fail('recipe', 'a recipe name');
  parseSettingsObject(state.settings, `corrupt checkpoint: ${source}: settings`);
  const model = state.modelConfig as unknown as Record<string, unknown> | undefined;
  // Its family rebuilds the network from it (a family's own kind included) and checks the rest.
  if (
    typeof model !== 'object' ||
    model === null ||
    typeof model['kind'] !== 'string' ||
    model['kind'] === ''
  ) {
    throw fail('modelConfig', "a model config (an object with its model's kind, e.g. 'dit', 'vqvae', 'ar')");
  }
  if (isAutoencoderRun(state)) {
    try {
      checkAutoencoderConfig(state.modelConfig);
    } catch (error) {
      throw fail('modelConfig', (error as Error).message);
    }
    const spec = (state as unknown as Record<string, unknown>)['autoencoder'] as
      | Record<string, unknown>
      | undefined;
    if (
      typeof spec !== 'object' ||
      spec === null ||
      (spec['distance'] !== 'mse' && spec['distance'] !== 'l1')
    ) {
      throw fail('autoencoder', "the autoencoder objective ({ distance: 'mse' | 'l1', … })");
    }
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

import { existsSync, readFileSync } from 'node:fs';
import {
  type ParamStore,
  readSafetensors,
  SafetensorsError,
  type Tensor,
  writeSafetensors,
} from '@latentlab/tensor';
import { CliError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { runFiles } from './checkpoint-files.js';
import type { RunState } from './run-state.js';

/** The tensors of a checkpoint: parameters, their EMA, and AdamW's two moments. */
export interface CheckpointTensors {
  params: ParamStore;
  ema: ParamStore;
  firstMoments: ParamStore;
  secondMoments: ParamStore;
}

const GROUPS = ['params', 'ema', 'firstMoments', 'secondMoments'] as const;
/** Name prefixes in the safetensors file; parameters keep their PyTorch names after the prefix. */
const PREFIXES = { params: '', ema: 'ema.', firstMoments: 'adamw.m.', secondMoments: 'adamw.v.' } as const;

/**
 * Writes `DIR/checkpoint.safetensors` then `DIR/state.json`, each atomically. The state is also stored in
 * the safetensors metadata, so the tensors and their step always belong together, even if a run is killed
 * between the two renames.
 */
export function saveCheckpoint(directory: string, tensors: CheckpointTensors, state: RunState): void {
  const files = runFiles(directory);
  const named = new Map<string, Tensor>();
  for (const group of GROUPS) {
    for (const [name, value] of tensors[group]) named.set(`${PREFIXES[group]}${name}`, value);
  }
  const stateText = JSON.stringify(state, null, 2);
  writeFileAtomic(files.checkpoint, writeSafetensors(named, { state: stateText }));
  writeFileAtomic(files.state, `${stateText}\n`);
}

/** Reads a run directory's checkpoint; missing or corrupt files throw a CliError naming the file. */
export function loadCheckpoint(directory: string): { tensors: CheckpointTensors; state: RunState } {
  const files = runFiles(directory);
  requireCheckpointFiles(directory);
  let contents: ReturnType<typeof readSafetensors>;
  try {
    // A plain Uint8Array copy: readSafetensors copies tensors with `.slice()`, which on a Node Buffer is a view.
    contents = readSafetensors(new Uint8Array(readFileSync(files.checkpoint)), files.checkpoint);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new CliError(`corrupt checkpoint: ${error.message}`);
    throw error;
  }
  const state = parseState(contents.metadata['state'], files.checkpoint);
  const tensors: CheckpointTensors = {
    params: new Map(),
    ema: new Map(),
    firstMoments: new Map(),
    secondMoments: new Map(),
  };
  for (const [name, value] of contents.tensors) {
    const group = [...GROUPS]
      .reverse()
      .find((candidate) => PREFIXES[candidate] && name.startsWith(PREFIXES[candidate]));
    if (group) tensors[group].set(name.slice(PREFIXES[group].length), value);
    else tensors.params.set(name, value);
  }
  return { tensors, state };
}

/** Throws a CliError naming the missing file unless `directory` holds a checkpoint and its state. */
export function requireCheckpointFiles(directory: string): void {
  const files = runFiles(directory);
  for (const path of [files.state, files.checkpoint]) {
    if (!existsSync(path)) {
      throw new CliError(
        `no checkpoint in ${directory}: ${path} does not exist (train with --out ${directory} first)`,
      );
    }
  }
}

/** Reads a run directory's `state.json` only (its recipe, settings and model), without the tensors. */
export function readRunState(directory: string): RunState {
  requireCheckpointFiles(directory);
  const path = runFiles(directory).state;
  return parseState(readFileSync(path, 'utf8'), path);
}

/** Parses the training state (the text of `DIR/state.json`, or the checkpoint's `state` metadata). */
export function parseState(text: string | undefined, source: string): RunState {
  let state: RunState;
  try {
    state = JSON.parse(text ?? '') as RunState;
  } catch {
    throw new CliError(`corrupt checkpoint: ${source}: the training state is missing or is not JSON`);
  }
  if (state?.format !== 'latentlab-train-state/1') {
    throw new CliError(
      `corrupt checkpoint: ${source}: format is ${JSON.stringify(state?.format)}, expected "latentlab-train-state/1"`,
    );
  }
  return state;
}

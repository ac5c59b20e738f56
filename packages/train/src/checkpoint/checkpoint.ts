import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import {
  type ParamStore,
  readSafetensors,
  SafetensorsError,
  type Tensor,
  writeSafetensors,
} from '@latentlab/tensor';
import { writeFileAtomic } from './atomic-write.js';
import { CheckpointError } from './checkpoint-error.js';
import { checkpointFiles } from './checkpoint-files.js';
import { parseTrainState, type TrainState } from './train-state.js';

/** The tensors of a checkpoint: parameters, their EMA, and AdamW's two moments. */
export interface CheckpointTensors {
  params: ParamStore;
  ema: ParamStore;
  firstMoments: ParamStore;
  secondMoments: ParamStore;
}

/** A checkpoint read back: its tensors and its state. */
export interface Checkpoint<S extends TrainState = TrainState> {
  tensors: CheckpointTensors;
  state: S;
}

const GROUPS = ['params', 'ema', 'firstMoments', 'secondMoments'] as const;
/** Name prefixes in the safetensors file; parameters keep their PyTorch names after the prefix. */
const PREFIXES = { params: '', ema: 'ema.', firstMoments: 'adamw.m.', secondMoments: 'adamw.v.' } as const;

/**
 * Writes `DIR/checkpoint.safetensors` then `DIR/state.json` (creating DIR), each atomically. The state is also stored in
 * the safetensors metadata, so the tensors and their step always belong together, even if a run is killed
 * between the two renames.
 */
export function saveCheckpoint(directory: string, tensors: CheckpointTensors, state: TrainState): void {
  const files = checkpointFiles(directory);
  mkdirSync(directory, { recursive: true });
  const named = new Map<string, Tensor>();
  for (const group of GROUPS) {
    for (const [name, value] of tensors[group]) named.set(`${PREFIXES[group]}${name}`, value);
  }
  const stateText = JSON.stringify(state, null, 2);
  writeFileAtomic(files.checkpoint, writeSafetensors(named, { state: stateText }));
  writeFileAtomic(files.state, `${stateText}\n`);
}

/** Reads a checkpoint directory; missing or corrupt files throw a CheckpointError naming the file. */
export function loadCheckpoint<S extends TrainState = TrainState>(directory: string): Checkpoint<S> {
  const files = checkpointFiles(directory);
  requireCheckpointFiles(directory);
  let contents: ReturnType<typeof readSafetensors>;
  try {
    // A plain Uint8Array copy: readSafetensors copies tensors with `.slice()`, which on a Node Buffer is a view.
    contents = readSafetensors(new Uint8Array(readFileSync(files.checkpoint)), files.checkpoint);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new CheckpointError(`corrupt checkpoint: ${error.message}`);
    throw error;
  }
  const state = parseTrainState(contents.metadata['state'], files.checkpoint) as S;
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

/** Throws a CheckpointError naming the missing file unless `directory` holds a checkpoint and its state. */
export function requireCheckpointFiles(directory: string): void {
  const files = checkpointFiles(directory);
  for (const path of [files.state, files.checkpoint]) {
    if (!existsSync(path)) {
      throw new CheckpointError(`no checkpoint in ${directory}: ${path} does not exist`);
    }
  }
}

/** Reads a checkpoint directory's `state.json` only, without the tensors. */
export function readTrainState<S extends TrainState = TrainState>(directory: string): S {
  requireCheckpointFiles(directory);
  const path = checkpointFiles(directory).state;
  return parseTrainState(readFileSync(path, 'utf8'), path) as S;
}

/**
 * The saved values of `initial`'s parameters, in `initial`'s order (safetensors sorts names): sums over
 * parameters, such as the gradient norm, then add in the same order as in an uninterrupted run.
 */
export function inParameterOrder(initial: ParamStore, saved: ParamStore, source: string): ParamStore {
  return new Map(
    [...initial].map(([name, value]) => {
      const stored = saved.get(name);
      if (!stored || stored.shape.join(',') !== value.shape.join(',')) {
        throw new CheckpointError(
          `corrupt checkpoint: ${source}: parameter '${name}' is ${stored ? `[${stored.shape.join(', ')}]` : 'missing'}, expected [${value.shape.join(', ')}]`,
        );
      }
      return [name, stored];
    }),
  );
}

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
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
import { keepStepCheckpoint } from './kept-checkpoints.js';
import { removeStalePartials } from './stale-partials.js';
import { parseTrainState, type TrainState } from './train-state.js';

/** The tensors of a checkpoint: parameters, their EMA, AdamW's two moments, and the maintenance state. */
export interface CheckpointTensors {
  params: ParamStore;
  ema: ParamStore;
  firstMoments: ParamStore;
  secondMoments: ParamStore;
  /** `ParameterMaintenance` state, named `<maintenance name>.<tensor>` (absent or empty without any). */
  maintenance?: ParamStore;
}

/** A checkpoint read back: its tensors and its state. */
export interface Checkpoint<S extends TrainState = TrainState> {
  tensors: CheckpointTensors;
  state: S;
}

const GROUPS = ['params', 'ema', 'firstMoments', 'secondMoments', 'maintenance'] as const;
/** Name prefixes in the safetensors file; parameters keep their PyTorch names after the prefix. */
const PREFIXES = {
  params: '',
  ema: 'ema.',
  firstMoments: 'adamw.m.',
  secondMoments: 'adamw.v.',
  maintenance: 'maintenance.',
} as const;

/** How `saveCheckpoint` keeps earlier checkpoints. */
export interface SaveCheckpointOptions {
  /**
   * Step checkpoints to keep besides the latest (`DIR/checkpoints/step-N.safetensors`, the oldest removed
   * first; diffusers' `checkpoints_total_limit`); 0 or absent: only the latest.
   */
  keep?: number;
}

/**
 * Commits a checkpoint: `DIR/checkpoint.safetensors` holds the tensors and, in its metadata, the training
 * state, written in one atomic rename, so the two can never disagree; `DIR/state.json` is a readable copy
 * written after it (a run killed between the two renames leaves an older copy, which readers ignore: the
 * checkpoint's own state is the one that counts). Partial files of killed runs are removed first.
 */
export function saveCheckpoint(
  directory: string,
  tensors: CheckpointTensors,
  state: TrainState,
  options: SaveCheckpointOptions = {},
): void {
  const files = checkpointFiles(directory);
  mkdirSync(directory, { recursive: true });
  removeStalePartials(directory);
  const named = new Map<string, Tensor>();
  for (const group of GROUPS) {
    for (const [name, value] of tensors[group] ?? []) named.set(`${PREFIXES[group]}${name}`, value);
  }
  const stateText = JSON.stringify(state, null, 2);
  writeFileAtomic(files.checkpoint, writeSafetensors(named, { state: stateText }));
  writeFileAtomic(files.state, `${stateText}\n`);
  if ((options.keep ?? 0) > 0) keepStepCheckpoint(directory, state.step, options.keep!);
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
    maintenance: new Map(),
  };
  for (const [name, value] of contents.tensors) {
    const group = [...GROUPS]
      .reverse()
      .find((candidate) => PREFIXES[candidate] && name.startsWith(PREFIXES[candidate]));
    if (group) tensors[group]!.set(name.slice(PREFIXES[group].length), value);
    else tensors.params.set(name, value);
  }
  return { tensors, state };
}

/** Throws a CheckpointError naming the missing file unless `directory` holds a checkpoint. */
export function requireCheckpointFiles(directory: string): void {
  const path = checkpointFiles(directory).checkpoint;
  if (!existsSync(path)) throw new CheckpointError(`no checkpoint in ${directory}: ${path} does not exist`);
}

/**
 * A checkpoint directory's training state without its tensors: the state stored in the checkpoint's own
 * metadata (read from the safetensors header alone), not `state.json`, which may be older.
 */
export function readTrainState<S extends TrainState = TrainState>(directory: string): S {
  requireCheckpointFiles(directory);
  const path = checkpointFiles(directory).checkpoint;
  return parseTrainState(readSafetensorsMetadata(path)['state'], path) as S;
}

/** The `__metadata__` of a safetensors file, read from its header only (the tensors stay on disk). */
function readSafetensorsMetadata(path: string): Record<string, string> {
  const file = openSync(path, 'r');
  try {
    const lengthBytes = Buffer.alloc(8);
    if (readSync(file, lengthBytes, 0, 8, 0) !== 8)
      throw new CheckpointError(`corrupt checkpoint: ${path}: shorter than its 8-byte header length`);
    const headerLength = Number(lengthBytes.readBigUInt64LE(0));
    if (headerLength > 100_000_000)
      throw new CheckpointError(
        `corrupt checkpoint: ${path}: header length ${headerLength} is not plausible`,
      );
    const header = Buffer.alloc(headerLength);
    if (readSync(file, header, 0, headerLength, 8) !== headerLength) {
      throw new CheckpointError(`corrupt checkpoint: ${path}: the header is cut short`);
    }
    let parsed: { __metadata__?: Record<string, string> };
    try {
      parsed = JSON.parse(header.toString('utf8'));
    } catch {
      throw new CheckpointError(`corrupt checkpoint: ${path}: the header is not JSON`);
    }
    return parsed.__metadata__ ?? {};
  } finally {
    closeSync(file);
  }
}

/**
 * The saved values of `initial`'s parameters, in `initial`'s order (safetensors sorts names): sums over
 * parameters, such as the gradient norm, then add in the same order as in an uninterrupted run. Throws a
 * CheckpointError naming the tensor unless the group holds exactly `initial`'s names, shapes and dtypes.
 */
export function inParameterOrder(
  initial: ParamStore,
  saved: ParamStore,
  source: string,
  group = 'parameter',
): ParamStore {
  const describeTensor = (tensor: Tensor) => `${tensor.dtype}[${tensor.shape.join(', ')}]`;
  const ordered = new Map(
    [...initial].map(([name, value]) => {
      const stored = saved.get(name);
      if (!stored || describeTensor(stored) !== describeTensor(value)) {
        throw new CheckpointError(
          `corrupt checkpoint: ${source}: ${group} '${name}' is ${stored ? describeTensor(stored) : 'missing'}, expected ${describeTensor(value)}`,
        );
      }
      return [name, stored];
    }),
  );
  const unknown = [...saved.keys()].find((name) => !initial.has(name));
  if (unknown !== undefined) {
    throw new CheckpointError(
      `corrupt checkpoint: ${source}: ${group} '${unknown}' is not a parameter of the model`,
    );
  }
  return ordered;
}

/**
 * Checks that a checkpoint's EMA weights (when `withEma`) and both AdamW moments hold a tensor for every
 * parameter of `initial`, of its shape and dtype, and nothing else.
 */
export function checkCheckpointTensors(
  initial: ParamStore,
  tensors: CheckpointTensors,
  source: string,
  withEma: boolean,
): void {
  if (withEma) inParameterOrder(initial, tensors.ema, source, 'EMA weight');
  inParameterOrder(initial, tensors.firstMoments, source, 'AdamW first moment');
  inParameterOrder(initial, tensors.secondMoments, source, 'AdamW second moment');
}

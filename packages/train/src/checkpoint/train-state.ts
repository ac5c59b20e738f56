import type { RngState } from '@latentlab/tensor';
import { CheckpointError } from './checkpoint-error.js';

export const TRAIN_STATE_FORMAT = 'latentlab-train-state/1';

/**
 * `DIR/state.json` (also stored in the checkpoint's safetensors metadata): everything besides the tensors
 * that an exact resume needs, plus whatever the caller adds (the CLI adds its recipe, settings and model).
 */
export interface TrainState {
  format: typeof TRAIN_STATE_FORMAT;
  /** Optimizer steps done. */
  step: number;
  /** The run's root generator (step n draws from `root.split(n)`, so it never advances). */
  rng: RngState;
  /** The batch source's position (`BatchSource.state()`). */
  batches: unknown;
  /** AdamW's step count (for bias correction). */
  optimizerStep: number;
  [extra: string]: unknown;
}

const isCount = (value: unknown, minimum: number) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum;

/** Parses and checks a training state (the text of `state.json` or of the checkpoint's metadata). */
export function parseTrainState(text: string | undefined, source: string): TrainState {
  let state: TrainState;
  try {
    state = JSON.parse(text ?? '') as TrainState;
  } catch {
    throw new CheckpointError(`corrupt checkpoint: ${source}: the training state is missing or is not JSON`);
  }
  if (state?.format !== TRAIN_STATE_FORMAT) {
    throw new CheckpointError(
      `corrupt checkpoint: ${source}: format is ${JSON.stringify(state?.format)}, expected "${TRAIN_STATE_FORMAT}"`,
    );
  }
  const problems: [field: string, ok: boolean, expected: string][] = [
    ['step', isCount(state.step, 1), 'an integer ≥ 1'],
    ['optimizerStep', isCount(state.optimizerStep, 0), 'an integer ≥ 0'],
    ['rng', typeof state.rng === 'object' && state.rng !== null, 'the saved generator state (an object)'],
    ['batches', state.batches !== undefined, 'the saved batch position'],
    [
      'optimizerStep',
      !isCount(state.optimizerStep, 0) || state.optimizerStep <= state.step,
      `at most the step (${state.step}): one optimizer step per training step`,
    ],
  ];
  for (const [field, ok, expected] of problems) {
    if (!ok) {
      throw new CheckpointError(
        `corrupt checkpoint: ${source}: ${field} is ${JSON.stringify(state[field])}, expected ${expected}`,
      );
    }
  }
  return state;
}

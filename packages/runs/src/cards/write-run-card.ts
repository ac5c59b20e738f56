import type { ModelCard } from '@latentlab/tensor';
import { type AutoencoderRunState, type RunState, readAnyRunState } from '../checkpoint/run-state.js';
import { familyOfRun } from '../families/registry.js';
import { writeModelCardFile } from './model-card-file.js';
import type { TokenRunState } from './token-model-card.js';

/** Writes (atomically) the run's card, as its model family makes it, to `DIR/model-card.json`; returns it. */
export function writeRunCard(
  directory: string,
  state?: RunState | AutoencoderRunState | TokenRunState,
): ModelCard {
  const run = state ?? readAnyRunState(directory);
  return writeModelCardFile(directory, familyOfRun(run).runCard(directory, run));
}

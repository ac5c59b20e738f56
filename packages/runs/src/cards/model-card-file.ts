import { join } from 'node:path';
import type { ModelCard } from '@latentlab/tensor';
import { writeFileAtomic } from '@latentlab/train';
import { MODEL_CARD_FILE } from '../checkpoint/checkpoint-files.js';

/** Writes `card` (atomically) as the run's `DIR/model-card.json`; returns it. */
export function writeModelCardFile(directory: string, card: ModelCard): ModelCard {
  writeFileAtomic(join(directory, MODEL_CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
  return card;
}

import type { BatchIteratorState } from '@latentlab/data';
import type { RngState } from '@latentlab/tensor';
import type { ModelConfig } from '../recipes/model-config.js';
import type { TrainSettings } from '../training/settings.js';

/** `DIR/state.json`: everything besides the tensors that a resumed run needs. */
export interface RunState {
  format: 'latentlab-train-state/1';
  recipe: string;
  /** Optimizer steps done. */
  step: number;
  /** The run's root generator (each step draws from `root.split(step)`, so it never advances). */
  rng: RngState;
  batches: BatchIteratorState;
  /** AdamW's step count (for bias correction). */
  optimizerStep: number;
  settings: TrainSettings;
  modelConfig: ModelConfig;
}

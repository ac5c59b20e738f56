import type { Rng } from './rng.js';
import type { Tensor } from './tensor.js';

/** What a maintenance step sees after an optimizer step (framework-free tensors). */
export interface MaintenanceContext {
  /** The 1-based training step just done. */
  step: number;
  /** Randomness of this step's maintenance (a stream of its own, so resuming draws the same). */
  rng: Rng;
  /** Tensors the objective kept from this step's forward pass (e.g. a VQ-VAE's token indices). */
  kept: Readonly<Record<string, Tensor>>;
  /** A parameter's current value. */
  read(name: string): Tensor;
  /** Replaces a parameter's value (and its EMA copy, so the averaged model sees the same change). */
  write(name: string, value: Tensor): void;
}

/**
 * Changes to parameters that are not gradient steps — a VQ codebook's EMA update, restarting dead codes,
 * k-means initialisation — run by `fit` after every optimizer step. Its state (e.g. usage counts) is saved
 * in the checkpoint, so a resumed run continues it exactly.
 */
export interface ParameterMaintenance {
  readonly name: string;
  /** One step; returns named metrics to log beside the loss (e.g. codebook usage). */
  afterStep(context: MaintenanceContext): Record<string, number> | undefined;
  /** The state to checkpoint, as named tensors. */
  state(): Map<string, Tensor>;
  /** Restores a state that `state()` returned. */
  load(state: Map<string, Tensor>): void;
}

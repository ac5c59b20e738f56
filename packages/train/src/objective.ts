import type { Ops, Rng } from '@latentlab/tensor';

/** What an objective gets to compute the loss of one batch, written against `Ops` (no framework types). */
export interface ObjectiveContext<T> {
  ops: Ops<T>;
  /** Runs the model being trained on named inputs; a single output comes back under `output`. */
  forward(inputs: Readonly<Record<string, T>>): Record<string, T>;
  /**
   * This step's randomness (times, noise, dropout): `fit` gives step n the stream `rng.split(n)` of the
   * run's root generator, so a resumed run draws exactly what an uninterrupted one would.
   */
  rng: Rng;
  /** The 1-based optimizer step being computed. */
  step: number;
}

/** The scalar loss to minimise and named scalar metrics to log beside it. */
export interface ObjectiveResult<T> {
  loss: T;
  metrics?: Record<string, T>;
  /** Tensors of this step handed to the run's `maintenance` after the optimizer step (e.g. token indices). */
  keep?: Record<string, T>;
}

/**
 * A training objective: the loss of a batch. Each one lives in its own file (`objectives/`), can be tested
 * alone with any `Ops`, and plugs into the one loop, `fit`.
 */
export interface Objective<B> {
  readonly name: string;
  loss<T>(context: ObjectiveContext<T>, batch: B): ObjectiveResult<T>;
}

/**
 * Where `fit` gets its batches: `next()` once per step. `state()` and `restore()` let a checkpoint record
 * the position, so a resumed run continues with the very batch an uninterrupted one would have seen.
 */
export interface BatchSource<B> {
  next(): B;
  /** A JSON-serialisable position. */
  state(): unknown;
  restore(state: unknown): void;
}

import { expect } from 'vitest';

/** A typed error class a reader may refuse bad input with. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor of an Error
type ErrorClass = abstract new (...args: any[]) => Error;

/** How one reader's inputs went: read, or refused with a typed error (an untyped crash fails the test). */
export interface ReaderTally {
  inputs: number;
  typedError: number;
  read: number;
}

/**
 * Counts, per reader, the inputs read and those refused with one of `typed` — any other error is thrown
 * on, failing the property. `log()` prints one JSON line per reader (the fuzz report's figures).
 */
export function refusalTally(typed: readonly ErrorClass[]) {
  const tallies = new Map<string, ReaderTally>();
  return {
    /**
     * Runs `read`; a typed refusal must name `source` when given; a result is handed to `check`.
     */
    readOrRefuse<T>(
      reader: string,
      read: () => T,
      options: { source?: string; check?: (result: T) => void } = {},
    ) {
      const tally = tallies.get(reader) ?? { inputs: 0, typedError: 0, read: 0 };
      tallies.set(reader, tally);
      tally.inputs++;
      let result: T;
      try {
        result = read();
      } catch (error) {
        if (!typed.some((type) => error instanceof type)) throw error;
        if (options.source !== undefined) expect((error as Error).message).toContain(options.source);
        tally.typedError++;
        return;
      }
      tally.read++;
      options.check?.(result);
    },
    tallies,
    log() {
      for (const [reader, tally] of tallies) {
        console.log(JSON.stringify({ fuzz: reader, ...tally, untypedCrash: 0 }));
      }
    },
  };
}

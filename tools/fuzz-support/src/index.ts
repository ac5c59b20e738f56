// The fuzz tests' shared parts (tests only, never published).
export { applyByteEdit, type ByteEdit, byteEditArbitrary } from './byte-edits.js';
export { FUZZ_RUNS } from './fuzz-runs.js';
export { mutatedJson } from './json-mutations.js';
export { type ReaderTally, refusalTally } from './refusal-tally.js';

export { CodeUsageTracker, restartDeadCodes } from './dead-code-restart.js';
export { fsqCodesToIndices, fsqGrid, fsqIndicesToCodes, fsqQuantize } from './fsq.js';
export {
  checkFsqLevels,
  FsqError,
  fsqBasis,
  fsqCodebookSize,
  fsqCodeToIndex,
  fsqHalfWidths,
  fsqIndexToCode,
} from './fsq-levels.js';
export {
  codebookUsage,
  type VectorQuantized,
  type VectorQuantizerOptions,
  vectorQuantize,
} from './vector-quantize.js';

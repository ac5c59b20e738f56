export {
  type AutoencoderConfig,
  checkAutoencoderConfig,
  type FsqAutoencoderConfig,
  imageInputSpec,
  isTokenizer,
  latentShape,
  tokenGridShape,
  tokenVocabularySize,
  type VaeConfig,
  type VqVaeConfig,
} from './autoencoder-config.js';
export {
  type AutoencoderGraph,
  autoencoderInputSpecs,
  autoencoderModel,
  countParameters,
} from './autoencoder-models.js';
export { type CodebookMaintenanceOptions, codebookMaintenance } from './codebook-maintenance.js';
export {
  type ConvAutoencoderConfig,
  checkConvAutoencoderConfig,
  convAutoencoderConfig,
  latentSize,
} from './conv-config.js';
export { convDecoder } from './conv-decoder.js';
export { convEncoder } from './conv-encoder.js';
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
export { kMeans, nearestCentres } from './kmeans.js';
export { type LatentScaling, latentsFromModelSpace, latentsToModelSpace } from './latent-scaling.js';
export { downsample, groupNormLayer, resnetBlock, upsample } from './resnet-block.js';
export { vaeForward, vaePosterior } from './vae.js';
export {
  codebookUsage,
  l2Normalized,
  lookupCodes,
  type VectorQuantized,
  type VectorQuantizerOptions,
  vectorQuantize,
} from './vector-quantize.js';
export {
  CODEBOOK_PARAMETER,
  gridToVectors,
  vectorsToGrid,
  vqQuantizeGrid,
  vqTokensToCodes,
} from './vqvae.js';

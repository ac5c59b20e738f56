export { classEmbedding, nullClassLabel } from './class-embedding.js';
export {
  CONDITIONINGS,
  type Conditioning,
  conditioningTokenCount,
  type DitConfig,
  DitConfigError,
  type DitConfigInput,
  ditConfig,
  gridSize,
  POSITION_EMBEDDINGS,
  type PositionEmbedding,
  tokenCount,
  validateDitConfig,
} from './config.js';
export { crossAttention, crossAttentionBlock } from './cross-attention-block.js';
export { ditForward, ditModel } from './dit.js';
export { AFFINE, DIT_LAYER_NORM_EPS, type DitBlockOptions, ditBlock, NON_AFFINE } from './dit-block.js';
export { type FinalLayerOptions, finalLayer } from './final-layer.js';
export { conditioningTokens, dropConditioningTokens, prependConditioningTokens } from './in-context.js';
export { ditInputSpecs, initDit } from './init.js';
export {
  DEFAULT_DIT_INITIALIZATION,
  DIT_PAPER_INITIALIZATION,
  type DitInitialization,
} from './initialization.js';
export { checkDitInputs, DitInputError, type DitInputs } from './inputs.js';
export { adaLNModulation, gated, modulate } from './modulation.js';
export {
  countParameters,
  countStoreParameters,
  type DitParameterCounts,
  parameterCounts,
} from './param-count.js';
export { patchEmbedding } from './patch-embedding.js';
export { type ImageLayout, patchify, unpatchify } from './patchify.js';
export { positionEmbedding, sincosPositionTable } from './position-embedding.js';
export {
  DIT_PRESETS,
  type DitOverrides,
  ditB4,
  ditImageNetB2,
  ditImageNetL2,
  ditImageNetS2,
  ditImageNetXL2,
  ditS2,
  ditS4,
  ditTiny2,
} from './presets.js';
export {
  RESERVED_INPUT_NAMES,
  type ScalarCondition,
  scalarConditionEmbedding,
} from './scalar-conditions.js';
export { timestepEmbedding, timestepFeatures, timestepFrequencies } from './timestep-embedding.js';
export { transformerBlock } from './transformer-block.js';

export { type GenerateTokensOptions, generateTokens, type NextTokenModel } from './generate-tokens.js';
export {
  cosineMaskRatio,
  type MaskedDecodeOptions,
  type MaskedTokenModel,
  maskedDecode,
} from './masked-decode.js';
export { maskedTransformerForward, maskTokenId } from './masked-transformer.js';
export { cachedTokenModel, type GraphRunner, prefixTokenModel } from './next-token-runners.js';
export {
  type SampleTokenGridsOptions,
  sampleTokenGrids,
  type TokenArchitecture,
} from './sample-token-grids.js';
export {
  pastName,
  presentName,
  type TokenModelGraph,
  tokenModel,
  tokenModelInputSpecs,
} from './token-model-graphs.js';
export { guidedLogits, positionUniforms, sampleToken, type TokenSamplingOptions } from './token-sampling.js';
export { tokenTransformerForward, tokenTransformerStep } from './token-transformer.js';
export {
  checkTokenTransformerConfig,
  type TokenTransformerConfig,
  tokenTransformerConfig,
} from './token-transformer-config.js';

// Images from exported ONNX models, read from their model cards: the one card → sampling pipeline of
// `latentlab sample --onnx`, the comparison app's worker and the benchmarks. Framework-free: any OnnxRunner
// (onnxruntime-node or onnxruntime-web, on any execution provider).

export {
  type DenoiseRequest,
  type Denoising,
  denoisingFromCard,
  type ScalarDenoiser,
  sampleDenoiser,
} from './denoising.js';
export {
  type DiffusionModel,
  type DiffusionRequest,
  type GeneratedImages,
  generateDiffusion,
  type ImageBatch,
} from './diffusion-generation.js';
export { type DataScaling, modelToPixels } from './pixels.js';
export { PREVIEW_SHARE, previewAffordable } from './preview-budget.js';
export { GenerationStopped } from './stopped.js';
export { type EvaluationCount, timedRunner } from './timed-runner.js';
export {
  checkTokenizerAgreement,
  type GeneratedTokenImages,
  generateTokenImages,
  type TokenModel,
  type TokenRequest,
} from './token-generation.js';

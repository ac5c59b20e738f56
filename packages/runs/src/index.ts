export { type DrawSamplesOptions, drawSamples, type SampleSource } from './api/draw-samples.js';
export {
  EVAL_DEFAULTS,
  type EvaluateTrainedRunOptions,
  evaluateTrainedRun,
} from './api/evaluate-trained-run.js';
export { exportTrainedRun } from './api/export-trained-run.js';
export { runProvenance } from './cards/card-provenance.js';
export { MODEL_CARD_FILE } from './cards/run-card.js';
export { RUNS_VERSION } from './cards/version.js';
export { writeRunCard } from './cards/write-run-card.js';
export { METRICS_FILE } from './checkpoint/checkpoint-files.js';
export {
  loadAnyRunCheckpoint,
  loadAutoencoderCheckpoint,
  loadRunCheckpoint,
  type RunState,
  readAnyRunState,
  readRunState,
} from './checkpoint/run-state.js';
export { guidanceStudentConfig } from './distill/guidance-plan.js';
export { readReflowPairs, writeReflowPairs } from './distill/reflow-pairs.js';
export { withTeacherParams } from './distill/student-params.js';
export { type DistillState, openTeacherRun } from './distill/teacher-run.js';
export { CliError, FieldError } from './errors.js';
export {
  appendEvalRecord,
  EVAL_FILE,
  type EvalRecord,
  type EvalRecordBase,
} from './evaluation/eval-record.js';
export { evaluateAutoencoder, type ReconstructionRecord } from './evaluation/evaluate-autoencoder.js';
export { evaluateOnnxTokens } from './evaluation/evaluate-onnx-tokens.js';
export { type EvaluateRunOptions, evaluateRun, type RunEvaluation } from './evaluation/evaluate-run.js';
export { evaluateTokenRun, type TokenEvalRecord } from './evaluation/evaluate-token-run.js';
export { type RunStraightnessOptions, runStraightness } from './evaluation/run-straightness.js';
export { balancedSpreadRows, floorAtSampleCount } from './evaluation/sample-count-floor.js';
export { exportAutoencoder } from './export/export-autoencoder.js';
export { exportLatentDiffusion } from './export/export-latent-diffusion.js';
export { EXPORT_TOLERANCE, type ExportRunResult, exportInputs, exportRun } from './export/export-run.js';
export { exportTokenModel } from './export/export-token-model.js';
export type { ExportedGraph } from './export/exported-graph.js';
export { latentScalingOf } from './export/latent-scaling.js';
export {
  type ConsumeSamples,
  type EvalRequest,
  FAMILY_NAMES,
  type FamilyEvaluation,
  type FamilyExport,
  type FamilyName,
  type ModelFamily,
  type StreamSampleRequest,
} from './families/model-family.js';
export {
  FAMILIES,
  familyByName,
  familyOfCard,
  familyOfRecipe,
  familyOfRun,
  registerFamily,
} from './families/registry.js';
export {
  convertFlag,
  type FlagKind,
  type FlagSpec,
  type FlagSpecs,
  type FlagValue,
} from './flag-values.js';
export { imageGrid } from './images/image-grid.js';
export { NpyWriter } from './images/npy.js';
export { encodePng } from './images/png.js';
export { LOSS_SMOOTHING } from './images/training-curves.js';
export { readJsonLines } from './json-lines.js';
export {
  encodeLatents,
  type LatentRunInfo,
  latentsFile,
  loadLatentAutoencoder,
  writeLatentsFile,
} from './latents/latent-autoencoder.js';
export {
  describeRange,
  inRange,
  NON_NEGATIVE,
  type NumberRange,
  POSITIVE_INTEGER,
  UNIT_INTERVAL,
} from './number-range.js';
export { requireWritableOutput } from './output-file.js';
export { buildModel } from './recipes/build-model.js';
export {
  DATASET_CLASSES,
  DATASETS,
  type DatasetName,
  datasetEvaluation,
  loadTrainingData,
} from './recipes/datasets.js';
export type { ModelConfig } from './recipes/model-config.js';
export type {
  AutoencoderRecipe,
  DiffusionRecipe,
  DiffusionSpec,
  Recipe,
  TokenRecipe,
} from './recipes/recipe.js';
export { RECIPES, recipeByName, registerRecipes } from './recipes/registry.js';
export {
  DEFAULT_SAMPLE_BATCH,
  type DrawBatches,
  gatherBatches,
  type SampleBatch,
} from './sampling/batched-samples.js';
export { CountProgress } from './sampling/count-progress.js';
export { type OnnxModelFile, readOnnxBytes, readOnnxModel } from './sampling/onnx-file.js';
export { TOKEN_DECODER_FILE } from './sampling/onnx-token-samples.js';
export { renderSamples } from './sampling/render-samples.js';
export { SAMPLING_ENGINES, type SamplingEngine } from './sampling/run-denoiser.js';
export {
  type SamplePlan,
  type SampleRunOptions,
  type SampleRunResult,
  sampleRun,
} from './sampling/sample-run.js';
export {
  loadTokenizer,
  tokenizeDataset,
  tokenizeImages,
  tokensFile,
  writeTokensFile,
} from './tokens/tokenize-dataset.js';
export type { StepMetrics } from './training/metrics-log.js';
export { resolveSettings } from './training/resolve-settings.js';
export {
  SETTING_FLAGS,
  type SettingFlag,
  type SettingPath,
  setSetting,
  settingAt,
} from './training/setting-specs.js';
export { DEFAULT_SETTINGS, type ModelOverrides, type TrainSettings } from './training/settings.js';
export { readSettingsFile } from './training/settings-file.js';
export { exponentialSmoothing } from './training/smoothing.js';
export { runGraphOnTfjs, runTfjsGraph } from './training/tfjs-graph-runner.js';
export { resolveRun, type TrainOptions, type TrainResult, train } from './training/train.js';
export type { TrainingPlan } from './training/training-plan.js';

export type { BatchSource } from './batches/batch-source.js';
export {
  type LabeledBatch,
  type LabeledBatchOptions,
  type LabeledExamples,
  labeledBatches,
} from './batches/labeled-batches.js';
export { writeFileAtomic } from './checkpoint/atomic-write.js';
export {
  type Checkpoint,
  type CheckpointTensors,
  inParameterOrder,
  loadCheckpoint,
  readTrainState,
  requireCheckpointFiles,
  saveCheckpoint,
} from './checkpoint/checkpoint.js';
export { CheckpointError } from './checkpoint/checkpoint-error.js';
export { CHECKPOINT_FILE, checkpointFiles, STATE_FILE } from './checkpoint/checkpoint-files.js';
export { KEPT_CHECKPOINTS_FOLDER, keptStepCheckpoints } from './checkpoint/kept-checkpoints.js';
export { removeStalePartials } from './checkpoint/stale-partials.js';
export { parseTrainState, TRAIN_STATE_FORMAT, type TrainState } from './checkpoint/train-state.js';
export { type TrainStepResult, type TrainStepSetup, trainStep } from './fit/train-step.js';
export {
  openTrainingParts,
  type TrainingParts,
  type TrainingPartsOptions,
} from './fit/training-parts.js';
export {
  type FitCheckpointOptions,
  type FitOptions,
  type FitResult,
  fit,
  type StepReport,
  TrainingDivergedError,
} from './fit.js';
export type { Objective, ObjectiveContext, ObjectiveResult } from './objective.js';
export {
  type ClassificationBatch,
  type CrossEntropyOptions,
  crossEntropyObjective,
} from './objectives/cross-entropy.js';
export {
  type DiffusionBatch,
  type DiffusionInputNames,
  type DiffusionObjectiveOptions,
  diffusionObjective,
} from './objectives/diffusion.js';
export { dropLabels } from './objectives/label-dropout.js';
export {
  edmWeighting,
  LOSS_WEIGHTINGS,
  type LossWeighting,
  type LossWeightingName,
  lossWeightingByName,
  minSnrWeighting,
  snrWeighting,
  targetErrorScale,
  uniformWeighting,
} from './objectives/loss-weighting.js';
export { type MaskedTokenOptions, maskedTokenObjective } from './objectives/masked-token.js';
export { type NextTokenOptions, nextTokenObjective } from './objectives/next-token.js';
export { type NoisyBatch, type NoisyBatchSettings, noisyBatch } from './objectives/noisy-batch.js';
export {
  type ReconstructionBatch,
  type ReconstructionOptions,
  reconstructionObjective,
} from './objectives/reconstruction.js';
export { type RegressionBatch, regressionObjective } from './objectives/regression.js';
export {
  cosmapTrainingTimes,
  edmLogNormalTrainingTimes,
  logitNormalTrainingTimes,
  modeTrainingTimes,
  TIME_DISTRIBUTIONS,
  type TimeDistribution,
  type TimeDistributionParameters,
  type TrainingTimes,
  trainingTimesByName,
  uniformTrainingTimes,
} from './objectives/training-times.js';
export { weightedMeanSquaredError } from './objectives/weighted-mse.js';
export { type EdmPreconditioningOptions, edmPreconditioning } from './preconditioning/edm-preconditioning.js';
export {
  constantLearningRate,
  type LearningRateSchedule,
  linearWarmup,
  type WarmupCosineOptions,
  warmupCosine,
} from './schedules/learning-rate.js';

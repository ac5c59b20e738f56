export {
  type AffineEstimates,
  ddimStep,
  estimatesFromPrediction,
  predictionFromEstimates,
} from './affine-prediction.js';
export {
  type ConsistencyDistillationOptions,
  consistencyDistillationObjective,
} from './consistency-distillation.js';
export { type ConsistencyParameterization, consistencyFunction } from './consistency-function.js';
export { type GuidanceDistillationOptions, guidanceDistillationObjective } from './guidance-distillation.js';
export { checkGuidanceRange, drawGuidanceScales, type GuidanceRange } from './guidance-scales.js';
export { perSample } from './per-sample.js';
export { coefficientsInGraph, GRAPH_PROCESSES, type GraphCoefficients } from './process-in-graph.js';
export {
  type ProgressiveDistillationOptions,
  progressiveDistillationObjective,
} from './progressive-distillation.js';
export { pairExamples, type ReflowBatch, type ReflowOptions, reflowObjective } from './reflow.js';
export { type ShortcutOptions, shortcutObjective } from './shortcut.js';
export { type StraightnessOptions, type StraightnessResult, straightness } from './straightness.js';
export { studentInputs } from './student-inputs.js';
export { copyParamStore, TargetNetwork } from './target-network.js';
export { frozenParams, runOutput, type Teacher, type TeacherQuery, teacherPrediction } from './teacher.js';
export { linearTimeGrid } from './time-grid.js';

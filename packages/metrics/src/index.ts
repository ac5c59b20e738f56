export {
  CLASSIFIER_CLASSES,
  CLASSIFIER_FEATURES,
  CLASSIFIER_IMAGE_SIZE,
  CLASSIFIER_INPUTS,
  CLASSIFIER_WIDTHS,
  classifierModel,
  classifierParameterShapes,
  initClassifier,
} from './classifier.js';
export { ClassifierWeightsError, MetricsArgumentError } from './errors.js';
export {
  accuracyOf,
  classAccuracy,
  classifierFid,
  evaluateSamples,
  realVsRealFloor,
  type SampleEvaluation,
} from './evaluate.js';
export { type ClassifierOutputs, classifierFeatures, FEATURE_BATCH_SIZE, runClassifier } from './features.js';
export {
  featureFrechetDistance,
  frechetDistance,
  type GaussianStatistics,
  gaussianStatistics,
  symmetricSqrt,
} from './frechet-distance.js';
export { type Classifier, classifierWeightsPath, loadClassifier, parseClassifierWeights } from './load.js';
export { type SymmetricEigen, symmetricEigen } from './symmetric-eigen.js';
export { CLASSIFIER_DATASETS, type ClassifierDataset, weightsFileName } from './weights-file.js';

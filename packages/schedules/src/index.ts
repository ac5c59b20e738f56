export { coefficientsAt } from './coefficients.js';
export {
  convertPrediction,
  type FloatArray,
  noisySample,
  PredictionConversionError,
  predictionToX0AndEpsilon,
  scoreFromEpsilon,
  type X0AndEpsilon,
  x0AndEpsilonToPrediction,
} from './conversions.js';
export { edmLossWeight } from './loss-weights/edm-weight.js';
export { minSnrWeight } from './loss-weights/min-snr.js';
export { snr } from './loss-weights/snr.js';
export { PREDICTION_TARGETS, type PredictionTarget, type ProcessCoefficients } from './prediction.js';
export { type NoiseLevel, type NoiseProcess, noiseLevel } from './process.js';
export {
  type DdpmBetaSchedule,
  type DdpmTableOptions,
  ddpmAlphasCumprod,
  ddpmBetas,
} from './processes/ddpm-tables.js';
export { discreteVpProcess } from './processes/discrete-vp.js';
export { type EdmOptions, edm } from './processes/edm.js';
export { PROCESS_NAMES, processByName, UnknownProcessError } from './processes/process-by-name.js';
export { rectifiedFlow } from './processes/rectified-flow.js';
export { type VpCosineOptions, vpCosine } from './processes/vp-cosine.js';
export { type VpDiscreteOptions, vpDiscrete } from './processes/vp-discrete.js';
export { type VpLinearOptions, vpLinear } from './processes/vp-linear.js';
export { zeroTerminalSnr } from './processes/zero-terminal-snr.js';
export { cosmapTimes } from './training-times/cosmap.js';
export { type EdmLogNormalOptions, edmLogNormalSigmas } from './training-times/edm-log-normal.js';
export { type LogitNormalOptions, logitNormalTimes } from './training-times/logit-normal.js';
export {
  MODE_SCALE_MAX,
  type ModeTimesOptions,
  modeTimes,
  modeTransform,
} from './training-times/mode-heavy-tails.js';
export {
  type SequenceLengthShiftOptions,
  shiftForSequenceLength,
} from './training-times/sequence-length-shift.js';
export { shiftTime } from './training-times/time-shift.js';
export { uniformTimes, uniformTimesteps } from './training-times/uniform.js';

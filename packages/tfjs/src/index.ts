// The native addon (its micro-kernel, FMA peak, GEMM flop count) for benchmarks, without a second dependency.
export { type NativeAddon, type NativeFmaPeak, nativeAddon } from '@latentlab/tfjs-native';
export { AdamW, type AdamWSettings, type AdamWState } from './adamw.js';
export {
  type ActiveBackend,
  BACKEND_NAMES,
  type BackendName,
  BackendUnavailableError,
  useBackend,
} from './backend.js';
export { fromTf, toTf } from './convert.js';
export { ExponentialMovingAverage } from './ema.js';
export { freeingVariableGrads } from './freeing-backward.js';
export {
  clipGradientNorm,
  globalGradientNorm,
  type LossAndGradients,
  lossAndGradients,
} from './gradients.js';
export { runModel } from './run-model.js';
export { tf } from './tf.js';
export { TfjsOps, tfjsOps } from './tfjs-ops.js';
export { TrainableParams } from './trainable-params.js';

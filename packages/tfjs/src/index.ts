export { tf } from './tf.js';
export { toTf, fromTf } from './convert.js';
export { TfjsOps, tfjsOps } from './tfjs-ops.js';
export { useBackend, BackendUnavailableError, type BackendName, type ActiveBackend } from './backend.js';
export { TrainableParams } from './trainable-params.js';
export { lossAndGradients, clipGradientNorm, type LossAndGradients } from './gradients.js';
export { AdamW, type AdamWSettings, type AdamWState } from './adamw.js';
export { ExponentialMovingAverage } from './ema.js';
export { runModel } from './run-model.js';

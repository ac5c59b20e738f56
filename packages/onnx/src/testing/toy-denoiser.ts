import { MODEL_CARD_FORMAT, type ModelCard, type ModelFunction, type ParamStore } from '@latentlab/tensor';
import type { OnnxInputSpec } from '../export.js';
import { randomTensor } from './random.js';

/** Real classes of the toy denoiser; label TOY_CLASSES is its null class. */
export const TOY_CLASSES = 3;
/** One sample: (2, 3). */
export const TOY_SAMPLE_SHAPE = [2, 3];

/** prediction = x · t + table[y]: (B, 2, 3), where every input changes the result. */
export const toyDenoiser: ModelFunction = (ops, params, { x, t, y }) => {
  const scaled = ops.mul(x!, ops.reshape(t!, [-1, 1, 1])); // (B, 2, 3)
  const offsets = ops.reshape(ops.gather(params.get('table'), y!), [-1, 2, 3]); // (B, 6) → (B, 2, 3)
  return ops.add(scaled, offsets);
};

export function toyDenoiserParams(): ParamStore {
  return new Map([['table', randomTensor([TOY_CLASSES + 1, 6], 21)]]);
}

export const TOY_INPUTS: Record<string, OnnxInputSpec> = {
  x: { shape: ['batch', 2, 3], dtype: 'float32' },
  t: { shape: ['batch'], dtype: 'float32' },
  y: { shape: ['batch'], dtype: 'int32' },
};

/** The toy denoiser's card (a fresh copy each call, for tests to change). */
export function toyDenoiserCard(): ModelCard {
  return {
    format: MODEL_CARD_FORMAT,
    kind: 'denoiser',
    name: 'toy-denoiser',
    inputs: [
      { name: 'x', role: 'sample', shape: ['batch', 2, 3], dtype: 'float32' },
      { name: 't', role: 'time', shape: ['batch'], dtype: 'float32' },
      { name: 'y', role: 'class', shape: ['batch'], dtype: 'int32' },
    ],
    outputs: [{ name: 'prediction', role: 'prediction', shape: ['batch', 2, 3], dtype: 'float32' }],
    denoiser: {
      process: 'rf',
      target: 'velocity',
      classes: TOY_CLASSES,
      nullClass: TOY_CLASSES,
      sampleShape: [...TOY_SAMPLE_SHAPE],
      dataScaling: { scale: 2, shift: -1, description: 'pixels in [−1, 1]' },
    },
    parameters: (TOY_CLASSES + 1) * 6,
    training: {
      recipe: 'toy',
      dataset: 'none',
      steps: 0,
      batchSize: 1,
      seed: 0,
      seconds: 0,
      settings: { lr: 1e-3 },
    },
    software: { package: '@latentlab/onnx', version: '0.0.0', commit: null },
    metrics: [{ fid: null, note: 'untrained' }],
    classLabels: ['a', 'b', 'c'],
  };
}

import { join } from 'node:path';
import {
  declaredParameterShapes,
  MODEL_CARD_FORMAT,
  type ModelCard,
  parseModelCard,
} from '@latentlab/tensor';
import { type RunState, readRunState } from '../checkpoint/run-state.js';
import { EVAL_FILE } from '../evaluation/eval-record.js';
import { readJsonLines } from '../json-lines.js';
import type { LatentRunInfo } from '../latents/latent-autoencoder.js';
import { buildModel, modelInputs } from '../recipes/build-model.js';
import { sampleShape } from '../recipes/model-config.js';
import { runDiffusion } from '../sampling/denoising.js';
import { RUNS_VERSION } from './version.js';

/** The card beside a run's checkpoint (the same card goes into every export of the run). */
export { MODEL_CARD_FILE } from '../checkpoint/checkpoint-files.js';

import { MODEL_CARD_FILE } from '../checkpoint/checkpoint-files.js';

/** The file name of a latent denoiser's decoder, which `latentlab export --out DIR` writes beside it. */
export const LATENT_DECODER_FILE = 'decoder.onnx';

/** The graph input roles of the denoisers the CLI trains (w and d: a student's scalar conditions). */
const ROLES: Record<string, string> = {
  x: 'sample',
  t: 'time',
  y: 'class',
  w: 'guidance-scale',
  d: 'step-size',
};

/** The `latentlab eval` records of this checkpoint step, if any were measured. */
function evalRecords(directory: string, step: number): Record<string, number | string | null>[] {
  return readJsonLines<Record<string, number | string | null>>(join(directory, EVAL_FILE)).filter(
    (record) => record['checkpoint_step'] === step,
  );
}

/**
 * The model card of a trained run: a denoiser with its inputs (x sample, t time, y class), its process,
 * target, classes, null class, sample shape and data scaling; recipe, steps, wall time, data set, seed and
 * settings; the CLI's version and the git commit it trained at; the eval records of this checkpoint.
 */
export function runModelCard(directory: string, state: RunState = readRunState(directory)): ModelCard {
  const config = state.modelConfig;
  const diffusion = runDiffusion(state);
  const shape = sampleShape(config);
  const dataset = (state['dataset'] as string | undefined) ?? (config.kind === 'mlp' ? 'two-moons' : 'mnist');
  const inputs = Object.entries(modelInputs(config)).map(([name, spec]) => ({
    name,
    role: ROLES[name] ?? name,
    shape: [...spec.shape],
    dtype: spec.dtype,
  }));
  let parameters = 0;
  for (const dims of declaredParameterShapes(buildModel(config), modelInputs(config)).values()) {
    parameters += dims.reduce((product, dim) => product * dim, 1);
  }
  const seconds = state['seconds'] as number | undefined;
  const metrics = evalRecords(directory, state.step);
  const latent = state['latent'] as LatentRunInfo | undefined;
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    kind: 'denoiser',
    name: state.recipe,
    inputs,
    outputs: [{ name: 'output', role: 'prediction', shape: ['batch', ...shape], dtype: 'float32' }],
    denoiser: {
      process: diffusion.process,
      target: diffusion.target,
      classes: config.classes,
      nullClass: config.classes,
      sampleShape: shape,
      dataScaling: latent
        ? {
            scale: 2,
            shift: -1,
            description:
              "samples are scaled latents (see latent); the decoder's images: pixels in [0, 1] → [−1, 1]",
          }
        : config.kind === 'dit'
          ? { scale: 2, shift: -1, description: 'pixels in [0, 1] → [−1, 1]' }
          : { scale: 1, shift: 0, description: 'points in the plane, unscaled' },
      ...(diffusion.sampling ? { sampling: { ...diffusion.sampling } } : {}),
      ...(latent
        ? {
            latent: {
              autoencoderId: latent.autoencoderId,
              autoencoder: latent.recipe,
              latentScaling: { ...latent.latentScaling },
              decoder: LATENT_DECODER_FILE,
            },
          }
        : {}),
    },
    parameters,
    training: {
      recipe: state.recipe,
      dataset,
      steps: state.step,
      batchSize: state.settings.batchSize,
      seed: state.settings.seed,
      seconds: seconds ?? 0,
      settings: { ...state.settings, ...(seconds === undefined ? { wallTimeRecorded: false } : {}) },
    },
    software: {
      package: '@latentlab/runs',
      version: RUNS_VERSION,
      commit: (state['commit'] as string | null) ?? null,
    },
    ...(metrics.length > 0 ? { metrics } : {}),
  };
  return parseModelCard(card, join(directory, MODEL_CARD_FILE));
}

import { type ParamStore, paramsFromMap } from '@latentlab/tensor';
import { type tf, toTf } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { encodePng } from '../images/png.js';
import { buildModel } from '../recipes/build-model.js';
import { type ModelConfig, sampleShape } from '../recipes/model-config.js';
import type { DiffusionSpec } from '../recipes/recipe.js';
import { classSamples } from '../sampling/class-samples.js';
import { denoisingOf } from '../sampling/denoising.js';
import type { SampleDecoder } from '../sampling/latent-decoder.js';
import { renderSamples } from '../sampling/render-samples.js';
import { tfjsDenoiser } from '../sampling/tfjs-denoiser.js';

export interface SampleGridRequest {
  config: ModelConfig;
  diffusion: DiffusionSpec;
  /** The weights to sample with (the EMA weights during training). */
  weights: ParamStore;
  steps: number;
  guidanceScale: number;
  seed: number;
  path: string;
  /** A latent model's decoder: the grid shows the decoded images. */
  decoder?: SampleDecoder;
}

/** Images: 8 per class; points: 512 per class (a scatter plot). */
export const samplesPerClass = (config: ModelConfig) => (config.kind === 'mlp' ? 512 : 8);

/** Samples every class with Euler + CFG on tfjs (the run's process and target) and writes the grid PNG. */
export async function writeSampleGrid(request: SampleGridRequest): Promise<void> {
  const { config } = request;
  const tensors = new Map<string, tf.Tensor>(
    [...request.weights].map(([name, value]) => [name, toTf(value)]),
  );
  try {
    const rows = Array.from({ length: config.classes }, (_, label) => label);
    const perRow = samplesPerClass(config);
    const { samples, labels } = await classSamples({
      model: tfjsDenoiser(buildModel(config), paramsFromMap(tensors)),
      denoising: denoisingOf(request.diffusion, config),
      sampleShape: sampleShape(config),
      rows,
      perRow,
      steps: request.steps,
      sampler: 'euler',
      guidanceScale: request.guidanceScale,
      seed: request.seed,
    });
    const images = request.decoder ? await request.decoder.decode(samples, labels.length) : samples;
    const shape = request.decoder?.shape ?? sampleShape(config);
    writeFileAtomic(request.path, encodePng(renderSamples(shape, images, labels, rows.length, perRow)));
  } finally {
    for (const value of tensors.values()) value.dispose();
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AutoencoderConfig, isTokenizer, latentShape } from '@latentlab/autoencoders';
import { type ParamStore, readSafetensors, tensor, writeSafetensors } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { modelId } from '../checkpoint/model-id.js';
import { type AutoencoderRunState, loadAutoencoderCheckpoint } from '../checkpoint/run-state.js';
import { FieldError } from '../errors.js';
import { latentScalingOf } from '../export/latent-scaling.js';
import { type DatasetName, loadTrainingData } from '../recipes/datasets.js';
import { runGraphOnTfjs } from '../training/tfjs-graph-runner.js';

/** A VAE run as a latent denoiser uses it: config, EMA weights, state, identity and directory. */
export interface LatentAutoencoder {
  directory: string;
  config: AutoencoderConfig;
  weights: ParamStore;
  state: AutoencoderRunState;
  /** SHA-256 of config and weights (`autoencoder.autoencoderId` of its exported cards). */
  id: string;
}

/** What a latent denoiser's run state records of its autoencoder. */
export interface LatentRunInfo {
  directory: string;
  recipe: string;
  step: number;
  autoencoderId: string;
  /** model space = scale · (latent − shift), measured as `latentlab export` measures it. */
  latentScaling: { scale: number; shift: number };
}

/** A VAE run's EMA weights; a VQ-VAE or FSQ run (or a non-autoencoder) is refused by name. */
export function loadLatentAutoencoder(directory: string): LatentAutoencoder {
  const { tensors, state } = loadAutoencoderCheckpoint(directory);
  if (isTokenizer(state.modelConfig)) {
    throw new FieldError(
      'autoencoder',
      `${directory}`,
      `is a ${state.modelConfig.kind} run (${state.recipe}): latent diffusion needs a VAE run's continuous latents (a token model, ar-* or maskgit-*, goes over its tokens)`,
    );
  }
  return {
    directory,
    config: state.modelConfig,
    weights: tensors.ema,
    state,
    id: modelId(state.modelConfig, tensors.ema),
  };
}

/** The run-state record of `autoencoder` for a latent denoiser trained on `dataset`. */
export function latentRunInfo(autoencoder: LatentAutoencoder, dataset: DatasetName): LatentRunInfo {
  return {
    directory: autoencoder.directory,
    recipe: autoencoder.state.recipe,
    step: autoencoder.state.step,
    autoencoderId: autoencoder.id,
    latentScaling: latentScalingOf(autoencoder.config, autoencoder.weights, dataset),
  };
}

// 250 images: the activations of a batch stay in cache (a 28×28×8 float layer is 6.3 MB at 250, 25 MB at 1000);
// encoding MNIST through a small VAE took ~285 ms per 1000 images this way, ~525 ms in batches of 1000.
const BATCH = 250;

/** Posterior means (N, C, s, s) of images (N, …exampleShape) through the VAE's encoder on tfjs. */
export function encodeLatents(
  autoencoder: LatentAutoencoder,
  examples: Float32Array,
  exampleShape: readonly number[],
): Float32Array {
  const size = exampleShape.reduce((product, dim) => product * dim, 1);
  const count = examples.length / size;
  const latentSize = latentShape(autoencoder.config).reduce((product, dim) => product * dim, 1);
  const latents = new Float32Array(count * latentSize);
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const x = tensor(examples.slice(start * size, end * size), [end - start, ...exampleShape]);
    const { latent } = runGraphOnTfjs(autoencoder.config, 'encoder', autoencoder.weights, { x });
    latents.set(latent!.data as Float32Array, start * latentSize);
  }
  return latents;
}

/** The cached training latents of a data set in the VAE's run folder. */
export const latentsFile = (autoencoder: string, dataset: string) =>
  join(autoencoder, `latents-${dataset}-train.safetensors`);

/** Writes `latents` (N, …latentShape) and their labels as the cache `trainingLatents` reads. */
export function writeLatentsFile(
  autoencoder: LatentAutoencoder,
  dataset: DatasetName,
  latents: Float32Array,
  labels: Int32Array,
): void {
  writeFileAtomic(
    latentsFile(autoencoder.directory, dataset),
    writeSafetensors(
      new Map([
        ['latents', tensor(latents, [labels.length, ...latentShape(autoencoder.config)])],
        ['labels', tensor(labels, [labels.length], 'int32')],
      ]),
      {
        autoencoderId: autoencoder.id,
        autoencoder: autoencoder.state.recipe,
        step: String(autoencoder.state.step),
      },
    ),
  );
}

/**
 * The training split's latents (posterior means, unscaled) under the VAE, read from
 * `DIR/latents-<dataset>-train.safetensors` when this very autoencoder (same id) wrote it, else encoded and
 * written there for the next run. Latent diffusion trains on the posterior mean: with the recipes' KL weight
 * the posterior's σ is small beside the spread of the means, and a cache of means is one pass.
 */
export async function trainingLatents(
  autoencoder: LatentAutoencoder,
  dataset: DatasetName,
): Promise<{ latents: Float32Array; labels: Int32Array; latentShape: number[] }> {
  const shape = latentShape(autoencoder.config);
  const path = latentsFile(autoencoder.directory, dataset);
  if (existsSync(path)) {
    const saved = readSafetensors(new Uint8Array(readFileSync(path)), path);
    if (saved.metadata['autoencoderId'] === autoencoder.id) {
      return {
        latents: saved.tensors.get('latents')!.data as Float32Array,
        labels: saved.tensors.get('labels')!.data as Int32Array,
        latentShape: shape,
      };
    }
  }
  await useBackend('auto');
  const data = loadTrainingData(dataset, 0);
  const latents = encodeLatents(autoencoder, data.examples, data.exampleShape);
  const labels = Int32Array.from(data.labels);
  writeLatentsFile(autoencoder, dataset, latents, labels);
  return { latents, labels, latentShape: shape };
}

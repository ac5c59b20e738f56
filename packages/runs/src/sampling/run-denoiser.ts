import { onnxDenoiser, readModelCard } from '@latentlab/onnx';
import { paramsFromMap } from '@latentlab/tensor';
import { type BackendName, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { loadRunCheckpoint, readRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { exportVerified } from '../export/export-run.js';
import type { LatentRunInfo } from '../latents/latent-autoencoder.js';
import { buildModel } from '../recipes/build-model.js';
import { sampleShape } from '../recipes/model-config.js';
import { type Denoising, denoisingFromCard, denoisingOf, runDiffusion } from './denoising.js';
import { onnxLatentDecoder, runLatentDecoder, type SampleDecoder } from './latent-decoder.js';
import { readOnnxBytes } from './onnx-file.js';
import { type ClassDenoiser, tfjsDenoiser } from './tfjs-denoiser.js';

/**
 * How a run's checkpoint is sampled: 'onnx' exports its EMA weights in memory, checks the export against
 * tfjs (as `latentlab export` does) and runs it in onnxruntime-node (the faster engine on CPU); 'tfjs'
 * runs the weights on a tfjs backend.
 */
export type SamplingEngine = 'onnx' | 'tfjs';
export const SAMPLING_ENGINES: readonly SamplingEngine[] = ['onnx', 'tfjs'];

export interface RunDenoiserOptions {
  /** The run directory written by `latentlab train`. */
  checkpoint?: string;
  /** An exported .onnx, run with onnxruntime-node: everything about it comes from its model card. */
  onnx?: string;
  /** How a checkpoint is run (default 'onnx'). */
  engine?: SamplingEngine;
  backend?: BackendName;
}

/** A trained denoiser, ready to sample; `release` frees its weights or its ONNX session. */
export interface RunDenoiser {
  model: ClassDenoiser;
  denoising: Denoising;
  /** One sample, e.g. (1, 28, 28) or (2). */
  sampleShape: number[];
  classes: number;
  recipe: string;
  /** The training data set, when known (it picks the metrics classifier). */
  dataset: string | undefined;
  /** Training steps of the weights. */
  step: number;
  /** A latent model's decoder (its VAE's): samples are latents, decoded to images of `decoder.shape`. */
  decoder?: SampleDecoder;
  release(): Promise<void>;
}

/** The latent section of a run's state, when it is a latent denoiser. */
const runLatent = (state: Record<string, unknown>) => state['latent'] as LatentRunInfo | undefined;

/** Opens a denoiser: an exported .onnx by its model card alone, or a run's EMA weights on tfjs. */
export async function openRunDenoiser(options: RunDenoiserOptions): Promise<RunDenoiser> {
  if (options.onnx) return openOnnxDenoiser(options.onnx);
  if (!options.checkpoint)
    throw new CliError('a run directory (checkpoint) or an exported .onnx file (onnx) is needed');
  if ((options.engine ?? 'onnx') === 'onnx') {
    const { bytes } = await exportVerified(options.checkpoint, { writeCard: false });
    const latent = runLatent(readRunState(options.checkpoint));
    const decoder = latent ? runLatentDecoder(latent, options.checkpoint) : undefined;
    return onnxRunDenoiser(bytes, options.checkpoint, decoder);
  }
  const { tensors, state } = loadRunCheckpoint(options.checkpoint);
  await useBackend(options.backend ?? 'auto');
  const latent = runLatent(state);
  const decoder = latent ? runLatentDecoder(latent, options.checkpoint) : undefined;
  const weights = new Map<string, tf.Tensor>([...tensors.ema].map(([name, value]) => [name, toTf(value)]));
  return {
    ...(decoder ? { decoder } : {}),
    model: tfjsDenoiser(buildModel(state.modelConfig), paramsFromMap(weights)),
    denoising: denoisingOf(runDiffusion(state), state.modelConfig),
    sampleShape: sampleShape(state.modelConfig),
    classes: state.modelConfig.classes,
    recipe: state.recipe,
    dataset: state['dataset'] as string | undefined,
    step: state.step,
    release: async () => {
      for (const value of weights.values()) value.dispose();
      await decoder?.release();
    },
  };
}

async function openOnnxDenoiser(path: string): Promise<RunDenoiser> {
  return onnxRunDenoiser(readOnnxBytes(path), path);
}

/** A denoiser over `.onnx` bytes in onnxruntime-node, described by their model card alone. */
async function onnxRunDenoiser(
  bytes: Uint8Array,
  path: string,
  runDecoder?: SampleDecoder,
): Promise<RunDenoiser> {
  const card = readModelCard(bytes, path);
  const denoising = denoisingFromCard(card, path); // refuses a card that is not a denoiser's
  const denoiser = card.denoiser!;
  const { createNodeRunner } = await import('@latentlab/onnx/node'); // loads onnxruntime-node only when asked
  const decoder = runDecoder ?? (denoiser.latent ? await onnxLatentDecoder(card, path) : undefined);
  const runner = await createNodeRunner(bytes);
  return {
    ...(decoder ? { decoder } : {}),
    model: onnxDenoiser(runner, card),
    denoising,
    sampleShape: [...denoiser.sampleShape],
    classes: denoiser.classes,
    recipe: card.training?.recipe ?? card.name,
    dataset: card.training?.dataset,
    step: card.training?.steps ?? 0,
    release: async () => {
      await runner.release();
      await decoder?.release();
    },
  };
}

import { codebookUsage, isTokenizer, tokenVocabularySize } from '@latentlab/autoencoders';
import { accuracyOf, classifierFeatures, featureFrechetDistance, realVsRealFloor } from '@latentlab/metrics';
import { type Tensor, tensor } from '@latentlab/tensor';
import { type BackendName, useBackend } from '@latentlab/tfjs';
import { loadAutoencoderCheckpoint } from '../checkpoint/run-state.js';
import { CliError, FieldError } from '../errors.js';
import { type DatasetName, datasetEvaluation } from '../recipes/datasets.js';
import { runGraphOnTfjs } from '../training/tfjs-graph-runner.js';

/** One `latentlab eval` of an autoencoder: reconstructions of the test split, as `DIR/eval.jsonl` holds it. */
export interface ReconstructionRecord {
  recipe: string;
  dataset: string;
  checkpoint_step: number;
  /** 'reconstruction' (so denoiser records and these can share eval.jsonl). */
  task: 'reconstruction';
  /** Test images reconstructed (the first N). */
  images: number;
  /** Mean squared error in model space ([−1, 1]). */
  mse: number;
  /** 10·log10(1 / MSE) of pixels in [0, 1], the MSE over every pixel of every image (clipped to [0, 1]). */
  psnr: number;
  /** Classifier accuracy of the reconstructions (their true labels). */
  accuracy: number;
  /** Classifier FID of the reconstructions against the same test images, beside the floor (10k vs 10k). */
  fid: number;
  fid_floor: number;
  /** Tokenizers: the fraction of codes used on these images and the perplexity of their frequencies. */
  codebook_usage: number | null;
  perplexity: number | null;
  seconds: number;
}

const BATCH = 500;

/**
 * Reconstructs the first `images` test images through the run's encoder, quantizer and decoder (EMA weights,
 * tfjs), and scores them: MSE, PSNR, classifier accuracy and FID, codebook usage and perplexity.
 */
export async function evaluateAutoencoder(options: {
  checkpoint: string;
  images?: number;
  backend?: BackendName;
  onBatch?: (done: number, total: number) => void;
}): Promise<ReconstructionRecord> {
  const started = performance.now();
  const { tensors, state } = loadAutoencoderCheckpoint(options.checkpoint);
  const config = state.modelConfig;
  const dataset = ((state['dataset'] as string | undefined) ?? 'mnist') as DatasetName;
  const evaluation = datasetEvaluation(dataset);
  if (!evaluation) throw new CliError(`${options.checkpoint}: ${dataset} has no metrics classifier`);
  await useBackend(options.backend ?? 'auto');
  const split = evaluation.loadTestSplit();
  const available = split.labels.length;
  const count = options.images ?? available;
  if (!(Number.isInteger(count) && count >= 2 && count <= available)) {
    throw new FieldError('samples', `${count}`, `expected 2…${available} test images to reconstruct`);
  }
  const size = split.images.data.length / available;
  const shape = split.images.shape.slice(1);
  const originals = tensor(split.images.data.slice(0, count * size), [count, ...shape]);
  const reconstructed = new Float32Array(count * size);
  const tokens: number[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const x = tensor(originals.data.slice(start * size, end * size), [end - start, ...shape]);
    const { latent } = runGraphOnTfjs(config, 'encoder', tensors.ema, { x });
    let decoderInput: Record<string, Tensor> = { latent: latent! };
    if (isTokenizer(config)) {
      const grid = runGraphOnTfjs(config, 'quantizer', tensors.ema, { latent: latent! })['tokens']!;
      for (const token of grid.data) tokens.push(token);
      decoderInput = { tokens: grid };
    }
    reconstructed.set(runGraphOnTfjs(config, 'decoder', tensors.ema, decoderInput)['x']!.data, start * size);
    options.onBatch?.(end, count);
  }
  let squared = 0;
  let pixelSquared = 0;
  for (let i = 0; i < reconstructed.length; i++) {
    const original = originals.data[i]!;
    squared += (reconstructed[i]! - original) ** 2;
    const pixel = Math.min(1, Math.max(0, (reconstructed[i]! + 1) / 2));
    pixelSquared += (pixel - (original + 1) / 2) ** 2;
  }
  const mse = squared / reconstructed.length;
  const pixelMse = pixelSquared / reconstructed.length;
  const outputs = classifierFeatures(tensor(reconstructed, [count, ...shape]), evaluation.dataset);
  const reference = classifierFeatures(originals, evaluation.dataset);
  const usage = isTokenizer(config) ? codebookUsage(tokens, tokenVocabularySize(config)) : undefined;
  return {
    recipe: state.recipe,
    dataset,
    checkpoint_step: state.step,
    task: 'reconstruction',
    images: count,
    mse,
    psnr: 10 * Math.log10(1 / pixelMse),
    accuracy: accuracyOf(outputs, split.labels.subarray(0, count)),
    fid: featureFrechetDistance(outputs.features, reference.features),
    fid_floor: realVsRealFloor(evaluation.dataset),
    codebook_usage: usage?.usage ?? null,
    perplexity: usage?.perplexity ?? null,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

/** One line for a reconstruction record: PSNR, MSE, accuracy, FID beside the floor, codebook use. */
export function describeReconstruction(record: ReconstructionRecord): string {
  const usage =
    record.codebook_usage === null
      ? ''
      : `, codebook usage ${(100 * record.codebook_usage).toFixed(1)}%, perplexity ${record.perplexity!.toFixed(1)}`;
  return `${record.recipe} step ${record.checkpoint_step}: ${record.images} test images reconstructed: PSNR ${record.psnr.toFixed(2)} dB (MSE ${record.mse.toFixed(5)} in [−1, 1]), classifier accuracy ${(100 * record.accuracy).toFixed(2)}%, FID ${record.fid.toFixed(2)} (floor ${record.fid_floor.toFixed(2)})${usage}`;
}

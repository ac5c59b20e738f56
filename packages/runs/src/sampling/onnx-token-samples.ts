import { dirname, join } from 'node:path';
import { checkTokenizerAgreement, generateTokenImages } from '@latentlab/generate';
import { createRng } from '@latentlab/tensor';
import { CliError } from '../errors.js';
import type { SampleBatch } from './batched-samples.js';
import { type OnnxModelFile, readOnnxModel } from './onnx-file.js';
import type { SamplePlan } from './sample-run.js';

/** Where `sample --onnx tokens.onnx` looks for the tokenizer's decoder unless told: beside the file. */
export const TOKEN_DECODER_FILE = 'decoder.onnx';

export interface OnnxTokenSampleOptions {
  /** The exported token model (`kind: 'token-model'`): AR step graph or MaskGIT masked graph. */
  tokens: OnnxModelFile;
  /** Its tokenizer's `decoder.onnx` (default: TOKEN_DECODER_FILE beside `onnx`). */
  decoder?: string;
  classes?: readonly number[];
  perClass?: number;
  guidanceScale: number;
  /** MaskGIT's decoding iterations (an AR model decodes one token per position whatever this is). */
  iterations: number;
  seed: number;
  batchSize: number;
  /** Token sampling (default: temperature 1, no top-k / top-p), as the app's. */
  temperature?: number;
  topK?: number;
  topP?: number;
}

/**
 * `latentlab sample --onnx` of an exported token model: its class rows drawn in onnxruntime-node through
 * the same pipeline as the comparison app (`generateTokenImages` of @latentlab/generate: CFG on logits,
 * MaskGIT's iterations) and decoded by the tokenizer's decoder. Batches are seeded as the denoisers' are:
 * batch 0 with `seed`, batch b with `createRng(seed).split(b)`'s first word, so a request that fits one
 * batch gives the app's images for the same labels and seed. `consume` gets the plan and a function that
 * draws the batches (samples in model space, [−1, 1], as a denoiser's).
 */
export async function streamOnnxTokenSamples(
  options: OnnxTokenSampleOptions,
  consume: (
    plan: SamplePlan,
    draw: (onBatch: (batch: SampleBatch) => Promise<void>) => Promise<void>,
  ) => Promise<void>,
): Promise<void> {
  const { tokens } = options;
  const spec = tokens.card.tokenModel;
  if (tokens.card.kind !== 'token-model' || !spec) {
    throw new CliError(`${tokens.path}: its model card says kind '${tokens.card.kind}', not a token model`);
  }
  const decoderPath = options.decoder ?? join(dirname(tokens.path), TOKEN_DECODER_FILE);
  let decoder: OnnxModelFile;
  try {
    decoder = readOnnxModel(decoderPath);
  } catch (error) {
    throw new CliError(
      `${tokens.path} is a token model: it needs its tokenizer's decoder (--decoder FILE, default ${TOKEN_DECODER_FILE} beside it): ${(error as Error).message}`,
    );
  }
  try {
    checkTokenizerAgreement(tokens.card, decoder.card);
  } catch (error) {
    throw new CliError(`${decoderPath}: ${(error as Error).message}`);
  }
  const imageShape = [...decoder.card.autoencoder!.imageShape]; // (C, H, W)
  const rows = options.classes
    ? [...options.classes]
    : Array.from({ length: spec.classes }, (_, label) => label);
  for (const label of rows) {
    if (!(Number.isInteger(label) && label >= 0 && label < spec.classes)) {
      throw new CliError(`class ${label} is out of range: the model has classes 0…${spec.classes - 1}`);
    }
  }
  const perClass = options.perClass ?? 8;
  const labels = Int32Array.from(
    { length: rows.length * perClass },
    (_, index) => rows[Math.floor(index / perClass)]!,
  );
  const { createNodeRunner } = await import('@latentlab/onnx/node'); // onnxruntime-node only when asked
  const tokenRunner = await createNodeRunner(tokens.bytes);
  const decoderRunner = await createNodeRunner(decoder.bytes);
  try {
    await consume({ sampleShape: imageShape, rows, perClass, total: labels.length }, async (onBatch) => {
      const root = createRng(options.seed);
      for (let start = 0, batch = 0; start < labels.length; start += options.batchSize, batch++) {
        const batchLabels = labels.slice(start, Math.min(labels.length, start + options.batchSize));
        const images = await generateTokenImages(
          { tokens: tokenRunner, card: tokens.card, decoder: { runner: decoderRunner, card: decoder.card } },
          {
            labels: batchLabels,
            seed: batch === 0 ? options.seed : root.split(batch).uint32(),
            guidanceScale: options.guidanceScale,
            iterations: options.iterations,
            ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
            ...(options.topK !== undefined ? { topK: options.topK } : {}),
            ...(options.topP !== undefined ? { topP: options.topP } : {}),
          },
        );
        const samples = images.pixels.map((pixel) => 2 * pixel - 1); // [0, 1] → model space [−1, 1]
        await onBatch({ samples, labels: batchLabels, start });
      }
    });
  } finally {
    await tokenRunner.release();
    await decoderRunner.release();
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AutoencoderConfig,
  type FsqAutoencoderConfig,
  isTokenizer,
  tokenGridShape,
  tokenVocabularySize,
  type VqVaeConfig,
} from '@latentlab/autoencoders';
import { type ParamStore, readSafetensors, tensor, writeSafetensors } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { modelId } from '../checkpoint/model-id.js';
import { type AutoencoderRunState, loadAutoencoderCheckpoint } from '../checkpoint/run-state.js';
import { FieldError } from '../errors.js';
import { type DatasetName, datasetEvaluation, loadTrainingData } from '../recipes/datasets.js';
import { runGraphOnTfjs } from '../training/tfjs-graph-runner.js';

/** The token grids of a data set split, as a token model trains on them. */
export interface TokenizedSplit {
  /** (N, s·s) token indices, raster order. */
  tokens: Int32Array;
  labels: Int32Array;
  /** Tokens per image. */
  length: number;
  vocabularySize: number;
  tokenizerId: string;
}

/** A tokenizer run: its config, EMA weights, state and identity; refuses a VAE or a denoiser by name. */
export function loadTokenizer(directory: string): {
  config: AutoencoderConfig;
  weights: ParamStore;
  state: AutoencoderRunState;
  id: string;
} {
  const { tensors, state } = loadAutoencoderCheckpoint(directory);
  if (!isTokenizer(state.modelConfig)) {
    throw new FieldError(
      'tokenizer',
      directory,
      `is a VAE run (${state.recipe}): its latent is continuous; a token model needs a VQ-VAE or FSQ run`,
    );
  }
  return {
    config: state.modelConfig,
    weights: tensors.ema,
    state,
    id: modelId(state.modelConfig, tensors.ema),
  };
}

// 250 images: the activations of a batch stay in cache (a 28×28×8 float layer is 6.3 MB at 250, 25 MB at 1000);
// encoding MNIST through a small VAE took ~285 ms per 1000 images this way, ~525 ms in batches of 1000.
const BATCH = 250;

/** The cached tokens of a split in the tokenizer's run folder. */
export const tokensFile = (tokenizer: string, dataset: string, split: 'train' | 'test') =>
  join(tokenizer, `tokens-${dataset}-${split}.safetensors`);

/**
 * The token grids of `dataset`'s split under the tokenizer of run `directory` (EMA weights), read from
 * `DIR/tokens-<dataset>-<split>.safetensors` when that file was written by this very tokenizer (same id),
 * else computed (encoder + quantizer on tfjs, batches of 1,000) and written there for the next run.
 */
export async function tokenizeDataset(
  directory: string,
  dataset: DatasetName,
  split: 'train' | 'test',
  onProgress?: (done: number, total: number) => void,
): Promise<TokenizedSplit> {
  const tokenizer = loadTokenizer(directory);
  const [side] = tokenGridShape(tokenizer.config);
  const length = side! * side!;
  const vocabularySize = tokenVocabularySize(tokenizer.config as VqVaeConfig | FsqAutoencoderConfig);
  const path = tokensFile(directory, dataset, split);
  if (existsSync(path)) {
    const saved = readSafetensors(new Uint8Array(readFileSync(path)), path);
    if (saved.metadata['tokenizerId'] === tokenizer.id) {
      return {
        tokens: saved.tensors.get('tokens')!.data as Int32Array,
        labels: saved.tensors.get('labels')!.data as Int32Array,
        length,
        vocabularySize,
        tokenizerId: tokenizer.id,
      };
    }
  }
  await useBackend('auto');
  const data =
    split === 'train'
      ? loadTrainingData(dataset, 0)
      : (() => {
          const test = datasetEvaluation(dataset)!.loadTestSplit();
          return {
            examples: test.images.data,
            labels: test.labels,
            exampleShape: test.images.shape.slice(1),
          };
        })();
  const tokens = tokenizeImages(tokenizer, data.examples, data.exampleShape, onProgress);
  const labels = Int32Array.from(data.labels);
  writeTokensFile(path, tokens, labels, length, tokenizer);
  return { tokens, labels, length, vocabularySize, tokenizerId: tokenizer.id };
}

/** Token grids (N, s·s) of images (N, …exampleShape) through the tokenizer's encoder and quantizer (tfjs). */
export function tokenizeImages(
  tokenizer: ReturnType<typeof loadTokenizer>,
  examples: Float32Array,
  exampleShape: readonly number[],
  onProgress?: (done: number, total: number) => void,
): Int32Array {
  const [side] = tokenGridShape(tokenizer.config);
  const length = side! * side!;
  const size = exampleShape.reduce((product, dim) => product * dim, 1);
  const count = examples.length / size;
  const tokens = new Int32Array(count * length);
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const x = tensor(examples.slice(start * size, end * size), [end - start, ...exampleShape]);
    const { latent } = runGraphOnTfjs(tokenizer.config, 'encoder', tokenizer.weights, { x });
    const grid = runGraphOnTfjs(tokenizer.config, 'quantizer', tokenizer.weights, { latent: latent! })[
      'tokens'
    ]!;
    tokens.set(grid.data as Int32Array, start * length);
    onProgress?.(end, count);
  }
  return tokens;
}

/** Writes a split's token grids with the tokenizer's id (what `tokenizeDataset` reads back), atomically. */
export function writeTokensFile(
  path: string,
  tokens: Int32Array,
  labels: Int32Array,
  length: number,
  tokenizer: ReturnType<typeof loadTokenizer>,
): void {
  const count = labels.length;
  writeFileAtomic(
    path,
    writeSafetensors(
      new Map([
        ['tokens', tensor(tokens, [count, length], 'int32')],
        ['labels', tensor(labels, [count], 'int32')],
      ]),
      { tokenizerId: tokenizer.id, tokenizer: tokenizer.state.recipe, step: String(tokenizer.state.step) },
    ),
  );
}

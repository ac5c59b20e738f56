import {
  type GraphRunner,
  type SampleTokenGridsOptions,
  sampleTokenGrids as sampleTokens,
  tokenModel,
  tokenModelInputSpecs,
  tokenTransformerConfig,
} from '@latentlab/ar';
import { tokenGridShape, tokenVocabularySize, type VqVaeConfig } from '@latentlab/autoencoders';
import { checkTokenRange, declareParams, type ParamStore, type Tensor, tensor } from '@latentlab/tensor';
import { maskedTokenObjective, nextTokenObjective, writeFileAtomic } from '@latentlab/train';
import { readAutoencoderRunState } from '../checkpoint/run-state.js';
import { FieldError } from '../errors.js';
import { encodePng } from '../images/png.js';
import { DATASET_CLASSES } from '../recipes/datasets.js';
import type { TokenRecipe } from '../recipes/recipe.js';
import { renderSamples } from '../sampling/render-samples.js';
import { type TokenModelConfig, trainingGraph } from '../tokens/token-model-config.js';
import { loadTokenizer, tokenizeDataset } from '../tokens/tokenize-dataset.js';
import type { TrainSettings } from './settings.js';
import { runGraphOnTfjs, runTfjsGraph } from './tfjs-graph-runner.js';
import type { TrainingPlan } from './training-plan.js';

/** MaskGIT iterations of the sample grids. */
const GRID_ITERATIONS = 12;

export function tokenModelConfig(recipe: TokenRecipe, settings: TrainSettings): TokenModelConfig {
  if (!settings.tokenizer) {
    throw new FieldError(
      'tokenizer',
      undefined,
      `DIR (a vqvae-* or fsq-* run) is required: ${recipe.name} models a tokenizer's tokens`,
    );
  }
  const tokenizer = readAutoencoderRunState(settings.tokenizer).modelConfig;
  if (tokenizer.kind === 'vae') {
    throw new FieldError(
      'tokenizer',
      `${settings.tokenizer}`,
      `is a VAE run: its latent is continuous; a token model needs a VQ-VAE or FSQ run`,
    );
  }
  const [side] = tokenGridShape(tokenizer);
  return {
    kind: recipe.model.kind,
    ...tokenTransformerConfig({
      vocabularySize: tokenVocabularySize(tokenizer),
      sequenceLength: side! * side!,
      classes: DATASET_CLASSES[recipe.dataset], // the labels of the data its tokenizer encodes
      width: settings.model.hidden ?? recipe.model.width,
      depth: settings.model.depth ?? recipe.model.depth,
      heads: settings.model.heads ?? recipe.model.heads,
      mlpRatio: recipe.model.mlpRatio,
    }),
  };
}

/** Decodes token grids (N, s·s) into images with the tokenizer's decoder on tfjs. */
export function decodeTokens(
  tokenizerDirectory: string,
  tokens: Int32Array,
  count: number,
): Tensor<'float32'> {
  const tokenizer = loadTokenizer(tokenizerDirectory);
  const [side] = tokenGridShape(tokenizer.config);
  checkTokenRange(
    tokens,
    tokenVocabularySize(tokenizer.config as VqVaeConfig),
    `the decoder of ${tokenizerDirectory}`,
  );
  const grid = tensor(tokens, [count, side!, side!], 'int32');
  return runGraphOnTfjs(tokenizer.config, 'decoder', tokenizer.weights, { tokens: grid })[
    'x'
  ] as Tensor<'float32'>;
}

/**
 * A token model's plan: the tokenizer's tokens of the training split (cached in its run folder), the
 * next-token objective with CFG label dropout, and sample grids generated with the KV cache on tfjs and
 * decoded by the tokenizer.
 */
export function tokenPlan(
  recipe: TokenRecipe,
  settings: TrainSettings,
  config: TokenModelConfig,
): TrainingPlan {
  const { kind: _kind, ...transformer } = config;
  const graph = trainingGraph(config);
  const model = tokenModel(transformer, graph);
  const tokenizerDirectory = settings.tokenizer!;
  const tokenizer = loadTokenizer(tokenizerDirectory);
  return {
    model,
    modelConfig: config,
    initialParams: (rng) => declareParams(model, tokenModelInputSpecs(transformer, graph), rng),
    objective: (config.kind === 'maskgit' ? maskedTokenObjective : nextTokenObjective)({
      vocabularySize: config.vocabularySize,
      labelDropout: { probability: settings.labelDropout, nullClass: config.classes },
    }),
    maintenance: [],
    state: {
      tokenizer: {
        directory: tokenizerDirectory,
        recipe: tokenizer.state.recipe,
        step: tokenizer.state.step,
        tokenizerId: tokenizer.id,
      },
    },
    loadData: async () => {
      const split = await tokenizeDataset(tokenizerDirectory, recipe.dataset, 'train');
      return {
        examples: Float32Array.from(split.tokens),
        labels: split.labels,
        exampleShape: [split.length],
      };
    },
    writeSamples: async (weights, path) => {
      const perClass = 8;
      const labels = Int32Array.from({ length: config.classes * perClass }, (_, i) =>
        Math.floor(i / perClass),
      );
      const tokens = await sampleTokenGrids(config, tfjsSamplingRunner(config, weights), {
        labels,
        guidanceScale: settings.guidanceScale,
        seed: settings.seed,
        iterations: GRID_ITERATIONS,
      });
      const images = decodeTokens(tokenizerDirectory, tokens, labels.length);
      writeFileAtomic(
        path,
        encodePng(
          renderSamples(images.shape.slice(1), images.data as Float32Array, labels, config.classes, perClass),
        ),
      );
    },
  };
}

/** The graph a token model samples with: AR's KV-cached `step`, MaskGIT's `masked` (what export writes). */
export const samplingGraph = (config: TokenModelConfig) => (config.kind === 'maskgit' ? 'masked' : 'step');

/** The sampling graph on tfjs, as a runner over plain tensors. */
export const tfjsSamplingRunner =
  (config: TokenModelConfig, weights: ParamStore): GraphRunner =>
  async (feeds) => {
    const { kind: _kind, ...transformer } = config;
    return runTfjsGraph(tokenModel(transformer, samplingGraph(config)), weights, feeds);
  };

/**
 * Token grids (B, T) of a token model for `labels`, through `run` (its sampling graph on tfjs or in
 * onnxruntime): @latentlab/ar's sampleTokenGrids with the run's architecture.
 */
export function sampleTokenGrids(
  config: TokenModelConfig,
  run: GraphRunner,
  options: SampleTokenGridsOptions,
): Promise<Int32Array> {
  const { kind, ...transformer } = config;
  return sampleTokens(kind, transformer, run, options);
}

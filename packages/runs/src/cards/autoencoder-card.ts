import { join } from 'node:path';
import {
  type AutoencoderConfig,
  type AutoencoderGraph,
  autoencoderInputSpecs,
  countParameters,
  isTokenizer,
  latentShape,
  tokenGridShape,
  tokenVocabularySize,
} from '@latentlab/autoencoders';
import {
  type AutoencoderCardSpec,
  MODEL_CARD_FORMAT,
  type ModelCard,
  type ModelCardTensor,
  parseModelCard,
} from '@latentlab/tensor';
import { MODEL_CARD_FILE } from '../checkpoint/checkpoint-files.js';
import type { AutoencoderRunState } from '../checkpoint/run-state.js';
import { runProvenance } from './card-provenance.js';

/** Images in [0, 1] → the autoencoder's input in [−1, 1]. */
const DATA_SCALING = { scale: 2, shift: -1 } as const;

/**
 * The card's `autoencoder` section of a config (+ the tokenizer/autoencoder id and latent scaling when
 * known).
 */
export function autoencoderCardSpec(
  config: AutoencoderConfig,
  extra: {
    tokenizerId?: string;
    autoencoderId?: string;
    latentScaling?: { scale: number; shift: number };
  } = {},
): AutoencoderCardSpec {
  return {
    family: config.kind,
    imageShape: [config.imageChannels, config.imageSize, config.imageSize],
    latentShape: latentShape(config),
    ...(isTokenizer(config)
      ? { tokenGrid: tokenGridShape(config), vocabularySize: tokenVocabularySize(config) }
      : {}),
    dataScaling: { ...DATA_SCALING },
    ...(extra.latentScaling ? { latentScaling: extra.latentScaling } : {}),
    ...(extra.tokenizerId && isTokenizer(config) ? { tokenizerId: extra.tokenizerId } : {}),
    ...(extra.autoencoderId ? { autoencoderId: extra.autoencoderId } : {}),
    config: config as unknown as Record<string, unknown>,
  };
}

const ROLES: Record<string, string> = {
  x: 'sample',
  latent: 'latent',
  tokens: 'tokens',
  reconstruction: 'sample',
};

/** The graph inputs and outputs of one autoencoder graph, as card tensors. */
function graphTensors(config: AutoencoderConfig, graph: AutoencoderGraph) {
  const describe = (
    specs: Record<string, { shape: readonly (number | string)[]; dtype: 'float32' | 'int32' }>,
  ) =>
    Object.entries(specs).map(
      ([name, spec]): ModelCardTensor => ({
        name,
        role: ROLES[name] ?? name,
        shape: [...spec.shape],
        dtype: spec.dtype,
      }),
    );
  const inputs = describe(autoencoderInputSpecs(config, graph));
  const image = {
    shape: ['batch', config.imageChannels, config.imageSize, config.imageSize],
    dtype: 'float32' as const,
  };
  const outputs =
    graph === 'encoder'
      ? describe({ latent: { shape: ['batch', ...latentShape(config)], dtype: 'float32' } })
      : graph === 'quantizer'
        ? describe({ tokens: { shape: ['batch', ...tokenGridShape(config)], dtype: 'int32' } })
        : describe({ x: image });
  return { inputs, outputs };
}

/**
 * The card of an autoencoder run (kind 'autoencoder': image → reconstruction) or of one of its exported
 * graphs (kind 'encoder', 'quantizer' or 'decoder'), with the recipe, steps, wall time, the eval records of
 * this checkpoint, and the `autoencoder` section the graphs share.
 */
export function autoencoderCard(
  directory: string,
  state: AutoencoderRunState,
  graph: 'reconstruct' | 'encoder' | 'quantizer' | 'decoder',
  spec: AutoencoderCardSpec = autoencoderCardSpec(state.modelConfig),
): ModelCard {
  const config = state.modelConfig;
  const { inputs, outputs } = graphTensors(config, graph);
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    kind: graph === 'reconstruct' ? 'autoencoder' : graph,
    name: graph === 'reconstruct' ? state.recipe : `${state.recipe}-${graph}`,
    inputs,
    outputs,
    autoencoder: spec,
    parameters: countParameters(config, graph === 'reconstruct' ? 'training' : graph),
    ...runProvenance(directory, state, { objective: state.autoencoder }),
  };
  return parseModelCard(card, join(directory, graph === 'reconstruct' ? MODEL_CARD_FILE : `${graph}.onnx`));
}

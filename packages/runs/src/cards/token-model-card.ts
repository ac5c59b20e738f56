import { join } from 'node:path';
import { type TokenModelGraph, tokenModel, tokenModelInputSpecs } from '@latentlab/ar';
import {
  countDeclaredParameters,
  MODEL_CARD_FORMAT,
  type ModelCard,
  type ModelCardTensor,
  parseModelCard,
} from '@latentlab/tensor';
import { MODEL_CARD_FILE } from '../checkpoint/checkpoint-files.js';
import type { RunState } from '../checkpoint/run-state.js';
import { type TokenModelConfig, trainingGraph } from '../tokens/token-model-config.js';
import { runProvenance } from './card-provenance.js';

/** The state of a token-model run: its transformer config and the tokenizer it models. */
export interface TokenRunState extends RunState<TokenModelConfig> {
  tokenizer: { directory: string; recipe: string; step: number; tokenizerId: string };
}

export const isTokenRun = (state: RunState<unknown>): state is TokenRunState =>
  TOKEN_MODEL_KINDS.includes((state.modelConfig as { kind?: string } | undefined)?.kind ?? '');

/** The model-config kinds of token models: the raster-order AR decoder and MaskGIT. */
export const TOKEN_MODEL_KINDS: readonly string[] = ['ar', 'maskgit'];

const ROLES: Record<string, string> = {
  tokens: 'tokens',
  token: 'tokens',
  class: 'class',
  position: 'position',
  logits: 'logits',
};

/**
 * The card of a token-model run (its `prefix` graph) or of its exported `step` graph: kind 'token-model'
 * with the tokenizer's id and recipe, the vocabulary and grid, the classes and null class, and the KV cache's
 * shape for the step graph.
 */
export function tokenModelCard(
  directory: string,
  state: TokenRunState,
  graph: TokenModelGraph = trainingGraph(state.modelConfig),
): ModelCard {
  const { kind: _kind, ...config } = state.modelConfig;
  const specs = tokenModelInputSpecs(config, graph);
  const inputs = Object.entries(specs).map(
    ([name, spec]): ModelCardTensor => ({
      name,
      role: ROLES[name] ?? 'cache',
      shape: [...spec.shape],
      dtype: spec.dtype,
    }),
  );
  const headDim = config.width / config.heads;
  const outputs: ModelCardTensor[] =
    graph !== 'step'
      ? [
          {
            name: 'logits',
            role: 'logits',
            shape: ['batch', config.sequenceLength, config.vocabularySize],
            dtype: 'float32',
          },
        ]
      : [
          { name: 'logits', role: 'logits', shape: ['batch', config.vocabularySize], dtype: 'float32' },
          ...Array.from({ length: config.depth }, (_, layer) =>
            (['key', 'value'] as const).map(
              (part): ModelCardTensor => ({
                name: `present.${layer}.${part}`,
                role: 'cache',
                shape: ['batch', config.heads, 'present', headDim],
                dtype: 'float32',
              }),
            ),
          ).flat(),
        ];
  const side = Math.round(Math.sqrt(config.sequenceLength));
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    kind: 'token-model',
    name: graph === trainingGraph(state.modelConfig) ? state.recipe : `${state.recipe}-${graph}`,
    inputs,
    outputs,
    tokenModel: {
      architecture: state.modelConfig.kind,
      vocabularySize: config.vocabularySize,
      sequenceLength: config.sequenceLength,
      tokenGrid: side * side === config.sequenceLength ? [side, side] : [config.sequenceLength],
      classes: config.classes,
      nullClass: config.classes,
      tokenizerId: state.tokenizer.tokenizerId,
      tokenizer: state.tokenizer.recipe,
      ...(graph === 'step' ? { kvCache: { layers: config.depth, heads: config.heads, headDim } } : {}),
      config: config as unknown as Record<string, unknown>,
    },
    parameters: countDeclaredParameters(tokenModel(config, graph), specs),
    ...runProvenance(directory, state),
  };
  return parseModelCard(card, join(directory, graph === 'step' ? 'step.onnx' : MODEL_CARD_FILE));
}

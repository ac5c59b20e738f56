import type { InputSpec, KeyValueCache, ModelFunction, Ops, Params } from '@latentlab/tensor';
import { maskedTransformerForward } from './masked-transformer.js';
import { tokenTransformerForward, tokenTransformerStep } from './token-transformer.js';
import type { TokenTransformerConfig } from './token-transformer-config.js';

/**
 * The AR transformer's graphs: `prefix` (tokens (B, L) and class (B) → logits (B, L + 1, V); training uses
 * L = T − 1) and `step` (one position with a KV cache: token (B, 1), class (B), position (1),
 * `past.<i>.key`/`past.<i>.value` (B, H, P, D/H) → logits (B, V) and `present.<i>.key`/`.value`); and
 * MaskGIT's bidirectional `masked` graph (tokens (B, T), [MASK] = V, and class (B) → logits (B, T, V)), a
 * model of its own over the same config.
 */
export type TokenModelGraph = 'prefix' | 'step' | 'masked';

export const pastName = (layer: number, part: 'key' | 'value') => `past.${layer}.${part}`;
export const presentName = (layer: number, part: 'key' | 'value') => `present.${layer}.${part}`;

function required<T>(inputs: Readonly<Record<string, T>>, name: string): T {
  const value = inputs[name];
  if (value === undefined) throw new RangeError(`token transformer: the input '${name}' is missing`);
  return value;
}

export function tokenModel(config: TokenTransformerConfig, graph: TokenModelGraph): ModelFunction {
  return <T>(ops: Ops<T>, params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    if (graph === 'masked') {
      return {
        logits: maskedTransformerForward(
          ops,
          params,
          required(inputs, 'tokens'),
          required(inputs, 'class'),
          config,
        ),
      };
    }
    if (graph === 'prefix') {
      return {
        logits: tokenTransformerForward(
          ops,
          params,
          required(inputs, 'tokens'),
          required(inputs, 'class'),
          config,
        ),
      };
    }
    const caches: KeyValueCache<T>[] = Array.from({ length: config.depth }, (_, layer) => ({
      keys: required(inputs, pastName(layer, 'key')),
      values: required(inputs, pastName(layer, 'value')),
    }));
    const step = tokenTransformerStep(
      ops,
      params,
      {
        token: required(inputs, 'token'),
        labels: required(inputs, 'class'),
        position: required(inputs, 'position'),
        caches,
      },
      config,
    );
    const outputs: Record<string, T> = { logits: step.logits };
    step.caches.forEach((cache, layer) => {
      outputs[presentName(layer, 'key')] = cache.keys;
      outputs[presentName(layer, 'value')] = cache.values;
    });
    return outputs;
  };
}

/** The inputs of a graph with a dynamic batch (and, for `step`, a dynamic number of cached positions). */
export function tokenModelInputSpecs(
  config: TokenTransformerConfig,
  graph: TokenModelGraph,
): Record<string, InputSpec> {
  const labels: InputSpec = { shape: ['batch'], dtype: 'int32' };
  if (graph === 'prefix' || graph === 'masked') {
    const length = graph === 'prefix' ? config.sequenceLength - 1 : config.sequenceLength;
    return { tokens: { shape: ['batch', length], dtype: 'int32' }, class: labels };
  }
  const cache: InputSpec = {
    shape: ['batch', config.heads, 'past', config.width / config.heads],
    dtype: 'float32',
  };
  const specs: Record<string, InputSpec> = {
    token: { shape: ['batch', 1], dtype: 'int32' },
    class: labels,
    position: { shape: [1], dtype: 'int32' },
  };
  for (let layer = 0; layer < config.depth; layer++) {
    specs[pastName(layer, 'key')] = cache;
    specs[pastName(layer, 'value')] = cache;
  }
  return specs;
}

import { type Tensor, tensor } from '@latentlab/tensor';
import type { NextTokenModel } from './generate-tokens.js';
import { pastName, presentName } from './token-model-graphs.js';
import type { TokenTransformerConfig } from './token-transformer-config.js';

/**
 * Next-token decoders over an exported graph (the graphs themselves are built in `token-model-graphs.ts`):
 * the `step` graph with its KV cache, or the `prefix` graph recomputed at every position.
 */

/** Runs one exported graph on named framework-free tensors (onnxruntime's runner, or tfjs wrapped alike). */
export type GraphRunner = (feeds: Record<string, Tensor>) => Promise<Record<string, Tensor>>;

/**
 * Decoding with the `step` graph and its KV cache: each call feeds the previous `present.*` outputs back as
 * `past.*` (empty (B, H, 0, D/H) at position 0), so N tokens cost N one-position steps.
 */
export function cachedTokenModel(run: GraphRunner, config: TokenTransformerConfig): NextTokenModel {
  const headDim = config.width / config.heads;
  let labels: Int32Array = new Int32Array(0);
  let past: Record<string, Tensor> = {};
  return {
    vocabularySize: config.vocabularySize,
    start(batchLabels) {
      labels = batchLabels;
      const empty = tensor(new Float32Array(0), [labels.length, config.heads, 0, headDim]);
      past = {};
      for (let layer = 0; layer < config.depth; layer++) {
        past[pastName(layer, 'key')] = empty;
        past[pastName(layer, 'value')] = empty;
      }
    },
    async next(tokens, position) {
      const outputs = await run({
        token: tensor(Int32Array.from(tokens), [labels.length, 1], 'int32'),
        class: tensor(labels, [labels.length], 'int32'),
        position: tensor(Int32Array.of(position), [1], 'int32'),
        ...past,
      });
      for (let layer = 0; layer < config.depth; layer++) {
        for (const part of ['key', 'value'] as const) {
          const present = outputs[presentName(layer, part)];
          if (!present)
            throw new RangeError(`cachedTokenModel: the step graph returned no ${presentName(layer, part)}`);
          past[pastName(layer, part)] = present;
        }
      }
      return outputs['logits']!.data as Float32Array;
    },
  };
}

/**
 * Decoding without a cache, with the `prefix` graph: each position runs the whole prefix again and keeps the
 * last position's logits (N tokens cost N growing passes). The reference the cached model must agree with.
 */
export function prefixTokenModel(run: GraphRunner, config: TokenTransformerConfig): NextTokenModel {
  let labels: Int32Array = new Int32Array(0);
  let decoded: number[][] = [];
  const V = config.vocabularySize;
  return {
    vocabularySize: V,
    start(batchLabels) {
      labels = batchLabels;
      decoded = Array.from({ length: labels.length }, () => []);
    },
    async next(tokens, position) {
      if (position > 0) {
        for (const [image, row] of decoded.entries()) row.push(tokens[image]!);
      }
      const outputs = await run({
        tokens: tensor(Int32Array.from(decoded.flat()), [labels.length, position], 'int32'),
        class: tensor(labels, [labels.length], 'int32'),
      });
      const logits = outputs['logits']!.data as Float32Array; // (B, position + 1, V)
      const last = new Float32Array(labels.length * V);
      for (let image = 0; image < labels.length; image++) {
        const offset = (image * (position + 1) + position) * V;
        last.set(logits.subarray(offset, offset + V), image * V);
      }
      return last;
    },
  };
}

import {
  initializers,
  layerNorm,
  linear,
  mlp,
  type Ops,
  type Params,
  selfAttention,
} from '@latentlab/tensor';
import type { TokenTransformerConfig } from './token-transformer-config.js';

/** GPT-2's initialisation, as the AR model: embeddings and Linear weights N(0, 0.02²). */
const INIT_STD = 0.02;

/** The [MASK] token's id: one past the codebook. */
export const maskTokenId = (config: TokenTransformerConfig) => config.vocabularySize;

/**
 * MaskGIT's bidirectional transformer (Chang et al. 2022, §3.1): the class token, then all T tokens — each
 * a code or [MASK] (id V) — with learned positions, pre-LN blocks of unmasked self-attention and an MLP,
 * and a head over the V codes. tokens (B, T) int32, labels (B) int32 → logits (B, T, V).
 */
export function maskedTransformerForward<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  labels: T,
  config: TokenTransformerConfig,
): T {
  const { width: D, sequenceLength: length } = config;
  const classTable = params.declare('cls_emb.weight', [config.classes + 1, D], initializers.normal(INIT_STD));
  const tokenTable = params.declare(
    'tok_emb.weight',
    [config.vocabularySize + 1, D],
    initializers.normal(INIT_STD),
  );
  const positions = params.declare('pos_emb', [length + 1, D], initializers.normal(INIT_STD)); // (T + 1, D)
  const embedded = ops.concat(
    [ops.reshape(ops.gather(classTable, labels, 0), [-1, 1, D]), ops.gather(tokenTable, tokens, 0)],
    1,
  ); // (B, T + 1, D)
  let h = ops.add(embedded, positions);
  for (let block = 0; block < config.depth; block++) {
    const prefix = `blocks.${block}`;
    h = ops.add(
      h,
      selfAttention(ops, params, `${prefix}.attn`, layerNorm(ops, params, `${prefix}.ln1`, h), config.heads),
    );
    h = ops.add(
      h,
      mlp(ops, params, `${prefix}.mlp`, layerNorm(ops, params, `${prefix}.ln2`, h), config.mlpRatio * D),
    );
  }
  const normed = ops.slice(layerNorm(ops, params, 'ln_f', h), 1, 1, length + 1); // (B, T, D): the token positions
  return linear(ops, params, 'head', normed, config.vocabularySize, {
    bias: false,
    weightInit: initializers.normal(INIT_STD),
  }); // (B, T, V)
}

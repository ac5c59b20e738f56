import {
  initializers,
  type KeyValueCache,
  layerNorm,
  linear,
  mlp,
  type Ops,
  type Params,
  selfAttentionWithCache,
  tensor,
} from '@latentlab/tensor';
import type { TokenTransformerConfig } from './token-transformer-config.js';

/** GPT-2's initialisation: embeddings and Linear weights N(0, 0.02²) (Radford et al. 2019; nanoGPT). */
const INIT_STD = 0.02;

/** The embedding (B, 1, D) of each class label (B) int32; label `classes` is the null class. */
function classEmbedding<T>(ops: Ops<T>, params: Params<T>, labels: T, config: TokenTransformerConfig): T {
  const table = params.declare(
    'cls_emb.weight',
    [config.classes + 1, config.width],
    initializers.normal(INIT_STD),
  );
  return ops.reshape(ops.gather(table, labels, 0), [-1, 1, config.width]); // (B, 1, D)
}

function tokenEmbedding<T>(ops: Ops<T>, params: Params<T>, tokens: T, config: TokenTransformerConfig): T {
  const table = params.declare(
    'tok_emb.weight',
    [config.vocabularySize, config.width],
    initializers.normal(INIT_STD),
  );
  return ops.gather(table, tokens, 0); // (B, L, D)
}

function positionTable<T>(params: Params<T>, config: TokenTransformerConfig): T {
  return params.declare('pos_emb', [config.sequenceLength, config.width], initializers.normal(INIT_STD)); // (T, D)
}

/**
 * The class token followed by the L token embeddings, (B, L + 1, D), without concatenating embeddings (whose
 * gradient, a split, is slow in tfjs): the token ids are shifted right by one (a placeholder id at position
 * 0, itself a token of the input), gathered at once, and position 0 is replaced by the class embedding with a
 * constant one-hot mask.
 */
function prefixEmbedding<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  labels: T,
  config: TokenTransformerConfig,
): T {
  const length = ops.shape(tokens)[1] as number;
  const shifted = ops.concat([ops.slice(tokens, 1, 0, 1), tokens], 1); // (B, L + 1) int32: not on the gradient path
  const first = new Float32Array(length + 1);
  first[0] = 1;
  const isClass = ops.constant(tensor(first, [1, length + 1, 1])); // (1, L + 1, 1)
  const rest = ops.constant(
    tensor(
      first.map((value) => 1 - value),
      [1, length + 1, 1],
    ),
  );
  return ops.add(
    ops.mul(tokenEmbedding(ops, params, shifted, config), rest),
    ops.mul(classEmbedding(ops, params, labels, config), isClass),
  ); // (B, L + 1, D)
}

/** The blocks, final norm and head over embedded positions x (B, L, D), each layer's cache extended. */
function decode<T>(
  ops: Ops<T>,
  params: Params<T>,
  x: T,
  config: TokenTransformerConfig,
  caches: readonly (KeyValueCache<T> | undefined)[],
): { logits: T; caches: KeyValueCache<T>[] } {
  const linearInit = { weightInit: initializers.normal(INIT_STD) };
  const present: KeyValueCache<T>[] = [];
  let h = x;
  for (let block = 0; block < config.depth; block++) {
    const prefix = `blocks.${block}`;
    const attended = selfAttentionWithCache(
      ops,
      params,
      `${prefix}.attn`,
      layerNorm(ops, params, `${prefix}.ln1`, h),
      config.heads,
      caches[block],
      { causal: true },
    );
    present.push(attended.cache);
    h = ops.add(h, attended.output); // (B, L, D)
    h = ops.add(
      h,
      mlp(
        ops,
        params,
        `${prefix}.mlp`,
        layerNorm(ops, params, `${prefix}.ln2`, h),
        config.mlpRatio * config.width,
      ),
    );
  }
  const normed = layerNorm(ops, params, 'ln_f', h);
  const logits = linear(ops, params, 'head', normed, config.vocabularySize, { bias: false, ...linearInit }); // (B, L, V)
  return { logits, caches: present };
}

/**
 * The whole prefix at once (training, and generation without a cache): the class token, then the L ≤ T − 1
 * tokens given. tokens (B, L) int32, labels (B) int32 → logits (B, L + 1, V): position i predicts token i.
 */
export function tokenTransformerForward<T>(
  ops: Ops<T>,
  params: Params<T>,
  tokens: T,
  labels: T,
  config: TokenTransformerConfig,
): T {
  const length = ops.shape(tokens)[1] as number;
  if (length > config.sequenceLength - 1) {
    throw new RangeError(
      `token transformer: ${length} tokens given; at most ${config.sequenceLength - 1} precede the last`,
    );
  }
  const embedded =
    length === 0
      ? classEmbedding(ops, params, labels, config)
      : prefixEmbedding(ops, params, tokens, labels, config); // (B, L + 1, D)
  const positions = ops.slice(positionTable(params, config), 0, 0, length + 1); // (L + 1, D)
  return decode(ops, params, ops.add(embedded, positions), config, []).logits;
}

/**
 * One decoding step with a KV cache (GPT-2's `past`): the input at `position` p — the class token when
 * p = 0, else the token decoded at p − 1 — attends the P = p cached positions and itself; returns the logits
 * of token p and every layer's cache extended by one position.
 * token (B, 1) int32, labels (B) int32, position (1) int32, caches (B, H, p, D/H) → logits (B, V).
 */
export function tokenTransformerStep<T>(
  ops: Ops<T>,
  params: Params<T>,
  inputs: { token: T; labels: T; position: T; caches: readonly KeyValueCache<T>[] },
  config: TokenTransformerConfig,
): { logits: T; caches: KeyValueCache<T>[] } {
  // At position 0 the class token is the input; after it, the token embedding: isFirst = relu(1 − p).
  const isFirst = ops.relu(
    ops.sub(ops.scalar(1), ops.cast(ops.reshape(inputs.position, [1, 1, 1]), 'float32')),
  ); // (1, 1, 1)
  const embedded = ops.add(
    ops.mul(classEmbedding(ops, params, inputs.labels, config), isFirst),
    ops.mul(tokenEmbedding(ops, params, inputs.token, config), ops.sub(ops.scalar(1), isFirst)),
  ); // (B, 1, D)
  const position = ops.gather(positionTable(params, config), inputs.position, 0); // (1, D)
  const decoded = decode(ops, params, ops.add(embedded, position), config, inputs.caches);
  return { logits: ops.reshape(decoded.logits, [-1, config.vocabularySize]), caches: decoded.caches };
}

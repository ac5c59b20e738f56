import type { Ops, Params } from '../ops.js';
import {
  type AttentionOptions,
  mergeHeads,
  projectQueriesKeysValues,
  scaledDotProductAttention,
} from './attention.js';
import { linear } from './linear.js';

/** Keys and values (B, H, P, d) of the P positions attended so far (one per attention layer). */
export interface KeyValueCache<T> {
  readonly keys: T;
  readonly values: T;
}

/** An attention output and the cache extended by the positions it just attended. */
export interface CachedAttention<T> {
  readonly output: T;
  readonly cache: KeyValueCache<T>;
}

const TIME_AXIS = 2;

/**
 * Attention over the cached positions followed by the new ones (incremental decoding, as GPT-2's `past`):
 * keys = concat(cache.keys, k) and values = concat(cache.values, v) along time (axis 2), then
 * `scaledDotProductAttention(q, keys, values, options)`. With `causal`, query i of the Tq new positions sits
 * at absolute position P + i and attends keys j ≤ P + i, so decoding a prefix at once and then one token at
 * a time gives what causal attention over the whole sequence gives.
 * q (B, H, Tq, d), k and v (B, H, Tq, d), cache (B, H, P, d) → output (B, H, Tq, d), cache (B, H, P + Tq, d).
 */
export function attentionWithCache<T>(
  ops: Ops<T>,
  q: T,
  k: T,
  v: T,
  cache?: KeyValueCache<T>,
  options: AttentionOptions<T> = {},
): CachedAttention<T> {
  if (cache) {
    assertCacheFits(ops, cache.keys, k, 'cache.keys', 'k');
    assertCacheFits(ops, cache.values, v, 'cache.values', 'v');
    const cachedKeys = ops.shape(cache.keys)[TIME_AXIS];
    const cachedValues = ops.shape(cache.values)[TIME_AXIS];
    if (cachedKeys !== cachedValues) {
      throw new RangeError(
        `attentionWithCache: cache.keys holds ${cachedKeys} positions but cache.values ${cachedValues}`,
      );
    }
  }
  const keys = cache ? ops.concat([cache.keys, k], TIME_AXIS) : k; // (B, H, P + Tq, d)
  const values = cache ? ops.concat([cache.values, v], TIME_AXIS) : v; // (B, H, P + Tq, d)
  const output = scaledDotProductAttention(ops, q, keys, values, options); // (B, H, Tq, d)
  return { output, cache: { keys, values } };
}

/** Throws unless `cached` (B, H, P, d) matches `fresh` (B, H, T, d) on every axis but time. */
function assertCacheFits<T>(ops: Ops<T>, cached: T, fresh: T, cachedName: string, freshName: string): void {
  const cachedShape = ops.shape(cached);
  const freshShape = ops.shape(fresh);
  const fits =
    cachedShape.length === 4 &&
    freshShape.length === 4 &&
    cachedShape.every((size, axis) => axis === TIME_AXIS || size === freshShape[axis]);
  if (!fits) {
    throw new RangeError(
      `attentionWithCache: ${cachedName} [${cachedShape.join(', ')}] must be (B, H, P, d) with the B, H and d of ` +
        `${freshName} [${freshShape.join(', ')}]`,
    );
  }
}

/**
 * `selfAttention` (fused `<prefix>.qkv`, output `<prefix>.proj`, the same parameters) for incremental
 * decoding: x (B, T, D) holds the T new positions; their keys and values are appended to `cache` and
 * returned, for the next call. For an autoregressive decoder pass `{ causal: true }`.
 * x (B, T, D), cache (B, H, P, D/H) → output (B, T, D), cache (B, H, P + T, D/H).
 */
export function selfAttentionWithCache<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  heads: number,
  cache?: KeyValueCache<T>,
  options: AttentionOptions<T> = {},
): CachedAttention<T> {
  const { q, k, v } = projectQueriesKeysValues(ops, params, prefix, x, heads); // (B, H, T, D/H)
  const attended = attentionWithCache(ops, q, k, v, cache, options); // (B, H, T, D/H)
  const output = linear(
    ops,
    params,
    `${prefix}.proj`,
    mergeHeads(ops, attended.output),
    ops.shape(x).at(-1) as number,
  ); // (B, T, D)
  return { output, cache: attended.cache };
}

import { broadcastShapes, type Ops, type Params } from '../ops.js';
import { tensor } from '../tensor.js';
import { causalMask, MASKED_SCORE } from './causal-mask.js';
import { linear } from './linear.js';

/** What `scaledDotProductAttention` may mask. Without either, attention is unmasked. */
export interface AttentionOptions<T> {
  /**
   * A float32 additive mask broadcastable to the scores (B, H, Tq, Tk): 0 where a key may be attended, a
   * large negative number (e.g. `MASKED_SCORE`, −1e9) where not; added to Q Kᵀ / √d before the softmax.
   */
  mask?: T;
  /**
   * Causal attention: the queries are the last Tq of the Tk key positions (so keys may begin with a cache),
   * query i (absolute position Tk − Tq + i) attends keys j ≤ Tk − Tq + i only. See `causalMask`. A query
   * with no allowed key (only when Tq > Tk) gets the uniform average of the values, not NaN.
   */
  causal?: boolean;
}

/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1): softmax(Q Kᵀ / √d + M) V, with M the
 * additive `mask` (none by default); with `causal`, the scores of keys after each query's position are then
 * replaced by MASKED_SCORE.
 * q (B, H, Tq, d), k (B, H, Tk, d), v (B, H, Tk, d) → (B, H, Tq, d).
 */
export function scaledDotProductAttention<T>(
  ops: Ops<T>,
  q: T,
  k: T,
  v: T,
  options: AttentionOptions<T> = {},
): T {
  const headDim = ops.shape(q).at(-1) as number;
  let scores = ops.mul(ops.matmul(q, k, { transposeB: true }), ops.scalar(1 / Math.sqrt(headDim))); // (B, H, Tq, Tk)
  if (options.mask !== undefined) {
    assertMaskFits(ops, options.mask, ops.shape(scores));
    scores = ops.add(scores, options.mask); // (B, H, Tq, Tk)
  }
  if (options.causal) {
    const [queryLength, keyLength] = ops.shape(scores).slice(-2) as [number, number];
    // Masked scores are replaced (not offset): s·allowed + MASKED_SCORE·(1 − allowed) is s or MASKED_SCORE
    // exactly for finite s, and no gradient reaches a masked score, even in a row without any allowed key.
    // (Two broadcast multiplies instead of `where`, whose tfjs form tiles the mask to the scores' shape.)
    // A single query (one decoding step) may attend every key: nothing to mask.
    if (queryLength > 1) {
      const mask = causalMask(queryLength, keyLength); // (Tq, Tk) int32, 1 = attend
      const allowed = tensor(Float32Array.from(mask.data), mask.shape);
      const blocked = tensor(
        Float32Array.from(mask.data, (value) => MASKED_SCORE * (1 - value)),
        mask.shape,
      );
      scores = ops.add(ops.mul(scores, ops.constant(allowed)), ops.constant(blocked)); // (B, H, Tq, Tk)
    }
  }
  return ops.matmul(ops.softmax(scores, -1), v); // (B, H, Tq, d)
}

function assertMaskFits<T>(ops: Ops<T>, mask: T, scoresShape: readonly number[]): void {
  const maskShape = ops.shape(mask);
  const describe = (shape: readonly number[]) => `[${shape.join(', ')}]`;
  if (ops.dtype(mask) !== 'float32') {
    throw new TypeError(
      `scaledDotProductAttention: mask must be float32 (0 = attend, a large negative number = masked), got ${ops.dtype(mask)} ${describe(maskShape)}`,
    );
  }
  let fits = maskShape.length <= scoresShape.length;
  if (fits) {
    try {
      fits = broadcastShapes(maskShape, scoresShape).join(',') === scoresShape.join(',');
    } catch {
      fits = false;
    }
  }
  if (!fits) {
    throw new RangeError(
      `scaledDotProductAttention: mask ${describe(maskShape)} does not broadcast to the scores (B, H, Tq, Tk) ${describe(scoresShape)}`,
    );
  }
}

/** (B, T, D) → (B, H, T, D/H). The batch dimension is given as -1 so it may be dynamic. */
export function splitHeads<T>(ops: Ops<T>, x: T, heads: number): T {
  const [, tokens, width] = ops.shape(x) as [number, number, number];
  return ops.transpose(ops.reshape(x, [-1, tokens, heads, width / heads]), [0, 2, 1, 3]);
}

/** (B, H, T, d) → (B, T, H·d). */
export function mergeHeads<T>(ops: Ops<T>, x: T): T {
  const [, heads, tokens, headDim] = ops.shape(x) as [number, number, number, number];
  return ops.reshape(ops.transpose(x, [0, 2, 1, 3]), [-1, tokens, heads * headDim]);
}

/** Queries, keys and values (B, H, T, D/H) of x (B, T, D) through the fused `<prefix>.qkv` (3D, D). */
export function projectQueriesKeysValues<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  heads: number,
): { q: T; k: T; v: T } {
  const width = ops.shape(x).at(-1) as number;
  const qkv = linear(ops, params, `${prefix}.qkv`, x, 3 * width); // (B, T, 3D)
  const q = splitHeads(ops, ops.slice(qkv, -1, 0, width), heads); // (B, H, T, D/H)
  const k = splitHeads(ops, ops.slice(qkv, -1, width, 2 * width), heads);
  const v = splitHeads(ops, ops.slice(qkv, -1, 2 * width, 3 * width), heads);
  return { q, k, v };
}

/**
 * Multi-head self-attention with a fused `<prefix>.qkv` projection (3D, D) and an output `<prefix>.proj`,
 * the layout of timm's ViT and DiT. x (B, T, D) → (B, T, D). `options` as `scaledDotProductAttention`
 * (e.g. `{ causal: true }` for a decoder); `selfAttentionWithCache` is the incremental-decoding form.
 */
export function selfAttention<T>(
  ops: Ops<T>,
  params: Params<T>,
  prefix: string,
  x: T,
  heads: number,
  options: AttentionOptions<T> = {},
): T {
  const { q, k, v } = projectQueriesKeysValues(ops, params, prefix, x, heads); // (B, H, T, D/H)
  const attended = mergeHeads(ops, scaledDotProductAttention(ops, q, k, v, options)); // (B, T, D)
  return linear(ops, params, `${prefix}.proj`, attended, ops.shape(x).at(-1) as number);
}

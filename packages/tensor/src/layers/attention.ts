import type { Ops, Params } from '../ops.js';
import { linear } from './linear.js';

/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1): softmax(Q Kᵀ / √d) V.
 * q (B, H, Tq, d), k (B, H, Tk, d), v (B, H, Tk, d) → (B, H, Tq, d).
 */
export function scaledDotProductAttention<T>(ops: Ops<T>, q: T, k: T, v: T): T {
  const headDim = ops.shape(q).at(-1) as number;
  const scores = ops.mul(ops.matmul(q, k, { transposeB: true }), ops.scalar(1 / Math.sqrt(headDim))); // (B, H, Tq, Tk)
  return ops.matmul(ops.softmax(scores, -1), v); // (B, H, Tq, d)
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

/**
 * Multi-head self-attention with a fused `<prefix>.qkv` projection (3D, D) and an output `<prefix>.proj`,
 * the layout of timm's ViT and DiT. x (B, T, D) → (B, T, D).
 */
export function selfAttention<T>(ops: Ops<T>, params: Params<T>, prefix: string, x: T, heads: number): T {
  const width = ops.shape(x).at(-1) as number;
  const qkv = linear(ops, params, `${prefix}.qkv`, x); // (B, T, 3D)
  const q = splitHeads(ops, ops.slice(qkv, -1, 0, width), heads); // (B, H, T, D/H)
  const k = splitHeads(ops, ops.slice(qkv, -1, width, 2 * width), heads);
  const v = splitHeads(ops, ops.slice(qkv, -1, 2 * width, 3 * width), heads);
  const attended = mergeHeads(ops, scaledDotProductAttention(ops, q, k, v)); // (B, T, D)
  return linear(ops, params, `${prefix}.proj`, attended);
}

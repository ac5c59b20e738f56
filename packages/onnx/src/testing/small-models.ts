import type { ModelFunction, ParamStore } from '@latentlab/tensor';
import { randomTensor } from './random.js';

/** y = x Wᵀ + b: a PyTorch Linear layer, weight (out, in). */
export const linearModel: ModelFunction = (ops, params, { x }) =>
  ops.add(ops.matmul(x!, params.get('w'), { transposeB: true }), params.get('b'));

export function linearParams(inFeatures: number, outFeatures: number, seed = 1): ParamStore {
  return new Map([
    ['w', randomTensor([outFeatures, inFeatures], seed)],
    ['b', randomTensor([outFeatures], seed + 1)],
  ]);
}

/**
 * A small conv + attention-style model that exercises the dynamic batch through every kind of op:
 * x (B, 2, 8, 8) → conv → groupNorm → silu → upsample/avgPool → tokens (B, 16, 4) → layerNorm →
 * self-attention-like softmax(q kᵀ) v → merge and split the batch with -1 reshapes → pooled logits (B, 3).
 */
export const convAttentionModel: ModelFunction = (ops, params, { x, labels }) => {
  let h = ops.conv2d(x!, params.get('conv.weight'), params.get('conv.bias'), { padding: 1 }); // (B, 4, 8, 8)
  h = ops.silu(ops.groupNorm(h, 2, params.get('norm.weight'), params.get('norm.bias')));
  h = ops.avgPool2d(ops.upsampleNearest2d(h, 2), 4); // (B, 4, 4, 4)
  const tokens = ops.transpose(ops.reshape(h, [-1, 4, 16]), [0, 2, 1]); // (B, 16, 4)
  const normed = ops.layerNorm(tokens, params.get('ln.weight'), params.get('ln.bias'));
  const scores = ops.mul(ops.matmul(normed, normed, { transposeB: true }), ops.scalar(0.5)); // (B, 16, 16)
  const attended = ops.matmul(ops.softmax(scores, -1), normed); // (B, 16, 4)
  const flat = ops.reshape(attended, [-1, 4]); // (B·16, 4)
  const projected = ops.gelu(ops.matmul(flat, params.get('proj.weight'), { transposeB: true })); // (B·16, 3)
  const perSample = ops.reshape(projected, [-1, 16, 3]); // (B, 16, 3)
  const embedded = ops.gather(params.get('embedding'), labels!); // (B, 3)
  const logits = ops.add(ops.mean(perSample, 1), embedded); // (B, 3)
  return { logits, probabilities: ops.softmax(logits, -1), total: ops.sum(logits) };
};

export function convAttentionParams(): ParamStore {
  return new Map([
    ['conv.weight', randomTensor([4, 2, 3, 3], 100)],
    ['conv.bias', randomTensor([4], 101)],
    ['norm.weight', randomTensor([4], 102)],
    ['norm.bias', randomTensor([4], 103)],
    ['ln.weight', randomTensor([4], 104)],
    ['ln.bias', randomTensor([4], 105)],
    ['proj.weight', randomTensor([3, 4], 106)],
    ['embedding', randomTensor([10, 3], 107)],
    ['unused.weight', randomTensor([2, 2], 108)],
  ]);
}

import { type Tensor, tensor } from '../tensor.js';

/**
 * The score a masked-out key gets. Finite on purpose: exp(−1e9 − max) is exactly 0 in float32, as −∞ would
 * give, but a row with no allowed key gets equal scores (uniform weights) instead of the NaN that softmax
 * over a row of −∞ gives; tfjs and onnxruntime compute the same.
 */
export const MASKED_SCORE = -1e9;

const masks = new Map<string, Tensor<'int32'>>();

/**
 * The causal mask (Tq, Tk), int32, 1 where a query may attend a key: the queries are the last Tq of Tk
 * positions (the keys may begin with a cache of earlier ones), query i sits at absolute position
 * offset + i, offset = Tk − Tq, and may attend key j iff j ≤ offset + i (the decoder mask of Vaswani et
 * al. 2017, §3.2.3). Built from static shapes, so it is a constant of an exported graph. Masks are shared
 * per (Tq, Tk): treat the returned tensor as read-only.
 */
export function causalMask(queryLength: number, keyLength: number): Tensor<'int32'> {
  for (const [what, length] of [
    ['query length', queryLength],
    ['key length', keyLength],
  ] as const) {
    if (!Number.isSafeInteger(length) || length < 1) {
      throw new RangeError(`causalMask: ${what} must be a positive integer, got ${length}`);
    }
  }
  const key = `${queryLength}x${keyLength}`;
  const cached = masks.get(key);
  if (cached) return cached;
  const offset = keyLength - queryLength;
  const allowed = new Int32Array(queryLength * keyLength);
  for (let query = 0; query < queryLength; query++) {
    const lastKey = Math.min(keyLength - 1, offset + query);
    for (let position = 0; position <= lastKey; position++) allowed[query * keyLength + position] = 1;
  }
  const mask = tensor(allowed, [queryLength, keyLength], 'int32'); // (Tq, Tk)
  masks.set(key, mask);
  return mask;
}

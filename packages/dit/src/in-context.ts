import type { Ops } from '@latentlab/tensor';

/**
 * The conditioning tokens of the cross-attention and in-context designs (Peebles & Xie 2023 §3.2): the
 * timestep and class embeddings as two tokens, then the optional conditioning sequence.
 * timestep (B, D), label (B, D), context (B, S, D) → (B, 2 + S, D).
 */
export function conditioningTokens<T>(ops: Ops<T>, timestep: T, label: T, context?: T): T {
  const width = ops.shape(timestep).at(-1) as number;
  const timestepToken = ops.reshape(timestep, [-1, 1, width]); // (B, 1, D)
  const labelToken = ops.reshape(label, [-1, 1, width]); // (B, 1, D)
  const tokens = context === undefined ? [timestepToken, labelToken] : [timestepToken, labelToken, context];
  return ops.concat(tokens, 1); // (B, 2 + S, D)
}

/**
 * In-context conditioning (Peebles & Xie 2023 §3.2: "we simply append the vector embeddings of t and c as
 * two additional tokens in the input sequence, treating them no differently from the image tokens"):
 * the conditioning tokens go in front of the image tokens on the sequence axis.
 * conditioning (B, S, D), tokens (B, T, D) → (B, S + T, D).
 */
export function prependConditioningTokens<T>(ops: Ops<T>, conditioning: T, tokens: T): T {
  return ops.concat([conditioning, tokens], 1); // (B, S + T, D)
}

/**
 * "After the final block, we remove the conditioning tokens from the sequence" (§3.2): keeps the last
 * `imageTokens` tokens. A slice of the sequence axis, never of the (dynamic) batch axis.
 * sequence (B, S + T, D) → (B, T, D).
 */
export function dropConditioningTokens<T>(ops: Ops<T>, sequence: T, imageTokens: number): T {
  const length = ops.shape(sequence)[1] as number;
  return ops.slice(sequence, 1, length - imageTokens, length); // (B, T, D)
}

import { type Tensor, tensor } from '@latentlab/tensor';
import type { LabeledBatch } from '../batches/labeled-batches.js';
import type { Objective } from '../objective.js';
import { oneHotTargets } from './cross-entropy.js';
import { dropLabels } from './label-dropout.js';

export interface NextTokenOptions {
  /** Token values: the last axis of the logits. */
  vocabularySize: number;
  /** CFG training: each class label becomes `nullClass` with this probability (0.1 as LlamaGen). */
  labelDropout?: { probability: number; nullClass: number };
}

/**
 * The autoregressive objective over token grids (van den Oord et al. 2017, §3.3; LlamaGen): the model reads
 * the class and the first T − 1 tokens and predicts all T, loss = −mean log p(token_i | class, tokens < i)
 * in nats (`bitsPerToken` = loss / ln 2 is logged beside it). The batch's `x` holds the token grids (B, T)
 * as float32 values (exact below 2²⁴) so the usual labelled batches carry them; `labels` the classes (B).
 * Model inputs `tokens` (B, T − 1) int32 and `class` (B) int32 → output `logits` (B, T, V).
 */
export function nextTokenObjective(options: NextTokenOptions): Objective<LabeledBatch> {
  return {
    name: 'next-token',
    loss({ ops, forward, rng }, batch) {
      const [B, T] = batch.x.shape as [number, number];
      const tokens = Int32Array.from(batch.x.data);
      const context = new Int32Array(B * (T - 1));
      for (let row = 0; row < B; row++) context.set(tokens.subarray(row * T, row * T + T - 1), row * (T - 1));
      const dropout = options.labelDropout;
      const classes = dropout
        ? dropLabels(batch.labels.data, dropout.nullClass, dropout.probability, rng)
        : batch.labels.data;
      const logits = forward({
        tokens: ops.constant(tensor(context, [B, T - 1], 'int32')),
        class: ops.constant(tensor(classes, [B], 'int32')),
      })['logits'];
      if (logits === undefined) throw new RangeError("nextTokenObjective: the model has no output 'logits'");
      const targets: Tensor<'int32'> = tensor(tokens, [B, T], 'int32');
      const { oneHot } = oneHotTargets(targets, options.vocabularySize);
      const picked = ops.sum(ops.mul(ops.logSoftmax(logits, -1), ops.constant(oneHot)), -1); // (B, T)
      const loss = ops.neg(ops.mean(picked));
      return { loss, metrics: { bitsPerToken: ops.div(loss, ops.scalar(Math.LN2)) } };
    },
  };
}

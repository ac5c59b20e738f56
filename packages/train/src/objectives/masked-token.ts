import { tensor } from '@latentlab/tensor';
import type { LabeledBatch } from '../batches/labeled-batches.js';
import type { Objective } from '../objective.js';
import { oneHotTargets } from './cross-entropy.js';
import { dropLabels } from './label-dropout.js';

export interface MaskedTokenOptions {
  /** Token values; the [MASK] input id is `vocabularySize`. */
  vocabularySize: number;
  labelDropout?: { probability: number; nullClass: number };
}

/** Input id of a masked position (targets keep the code; only masked positions are scored). */
const IGNORED = -1;

/**
 * MaskGIT's objective (Chang et al. 2022, §3.1): per example a mask ratio γ(r) = cos(π r / 2), r ~ U(0, 1);
 * ⌈γ·T⌉ positions (at least one) drawn at random are replaced by [MASK] (id V); the loss is the cross-
 * entropy of the true codes at the masked positions only. As `nextTokenObjective`, `x` holds the token
 * grids (B, T) as float32 and `labels` the classes. Model inputs `tokens` (B, T) int32, `class` (B) → `logits`
 * (B, T, V).
 */
export function maskedTokenObjective(options: MaskedTokenOptions): Objective<LabeledBatch> {
  return {
    name: 'masked-token',
    loss({ ops, forward, rng }, batch) {
      const [B, T] = batch.x.shape as [number, number];
      const tokens = Int32Array.from(batch.x.data);
      const inputs = tokens.slice();
      const targets = new Int32Array(B * T).fill(IGNORED);
      const ratios = rng.split(1).uniform(B);
      const keys = rng.split(2).uniform(B * T);
      for (let row = 0; row < B; row++) {
        const count = Math.max(1, Math.ceil(Math.cos((Math.PI / 2) * ratios[row]!) * T));
        const order = Array.from({ length: T }, (_, position) => position).sort(
          (a, b) => keys[row * T + a]! - keys[row * T + b]!,
        );
        for (const position of order.slice(0, count)) {
          inputs[row * T + position] = options.vocabularySize;
          targets[row * T + position] = tokens[row * T + position]!;
        }
      }
      const dropout = options.labelDropout;
      const classes = dropout
        ? dropLabels(batch.labels.data, dropout.nullClass, dropout.probability, rng.split(3))
        : batch.labels.data;
      const logits = forward({
        tokens: ops.constant(tensor(inputs, [B, T], 'int32')),
        class: ops.constant(tensor(classes, [B], 'int32')),
      })['logits'];
      if (logits === undefined)
        throw new RangeError("maskedTokenObjective: the model has no output 'logits'");
      const { oneHot, kept } = oneHotTargets(
        tensor(targets, [B, T], 'int32'),
        options.vocabularySize,
        IGNORED,
      );
      const picked = ops.sum(ops.mul(ops.logSoftmax(logits, -1), ops.constant(oneHot)), -1); // (B, T), 0 where unmasked
      const loss = ops.div(ops.neg(ops.sum(picked)), ops.scalar(kept));
      return { loss, metrics: { bitsPerMaskedToken: ops.div(loss, ops.scalar(Math.LN2)) } };
    },
  };
}

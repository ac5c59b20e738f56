import { writeRunCard } from '../cards/write-run-card.js';
import { readAnyRunState } from '../checkpoint/run-state.js';
import { appendEvalRecord } from '../evaluation/eval-record.js';
import type { EvalRequest, FamilyEvaluation } from '../families/model-family.js';
import { familyOfCard, familyOfRun } from '../families/registry.js';
import { DEFAULT_SAMPLE_BATCH } from '../sampling/batched-samples.js';
import { readOnnxModel } from '../sampling/onnx-file.js';

/** `evaluateTrainedRun`'s options: every field of the family's request, each with a default. */
export type EvaluateTrainedRunOptions = Partial<Omit<EvalRequest, 'checkpoint' | 'onnx'>> & {
  /** Evaluate this exported `.onnx` of the run instead of its checkpoint. */
  onnx?: string;
};

/** `latentlab eval`'s defaults: 10,000 samples, 20 steps, guidance 2, Euler, seed 0, an in-memory ONNX export. */
export const EVAL_DEFAULTS = {
  samples: 10_000,
  stepsList: [20],
  guidanceScales: [2],
  sampler: 'euler',
  seed: 0,
  batchSize: DEFAULT_SAMPLE_BATCH,
  engine: 'onnx',
  backend: 'auto',
  temperature: 1,
  topK: 0,
  topP: 1,
} as const satisfies Omit<EvalRequest, 'checkpoint'>;

/**
 * Measures a trained run of any family through its family (a denoiser's FID beside the floor and accuracy
 * per steps × cfg setting, an autoencoder's reconstructions, a token model's samples and bits per token) and
 * appends each record to `checkpoint/eval.jsonl` as it is measured; the run's model card then carries them.
 */
export async function evaluateTrainedRun(
  checkpoint: string,
  options: EvaluateTrainedRunOptions = {},
): Promise<FamilyEvaluation> {
  const { onnx: onnxPath, ...rest } = options;
  const onnx = onnxPath === undefined ? undefined : readOnnxModel(onnxPath);
  const family = onnx ? familyOfCard(onnx.card, onnx.path) : familyOfRun(readAnyRunState(checkpoint));
  return family.evaluate({
    ...EVAL_DEFAULTS,
    ...rest,
    checkpoint,
    ...(onnx ? { onnx } : {}),
    onRecord: (record, description) => {
      appendEvalRecord(checkpoint, record); // as each is measured: a long evaluation keeps what it measured
      if (!onnx) writeRunCard(checkpoint); // the card beside the checkpoint carries the metrics
      options.onRecord?.(record, description);
    },
  });
}

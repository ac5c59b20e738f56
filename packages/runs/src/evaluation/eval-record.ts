import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** The log of `latentlab eval` in a run directory: one JSON record per line. */
export { EVAL_FILE } from '../checkpoint/checkpoint-files.js';

import { EVAL_FILE } from '../checkpoint/checkpoint-files.js';

/** What every line of `DIR/eval.jsonl` has, whatever its model family evaluated. */
export interface EvalRecordBase {
  recipe: string;
  dataset: string;
  /** Training step of the evaluated checkpoint. */
  checkpoint_step: number;
  /** Wall time of sampling and scoring this record. */
  seconds: number;
}

/** One evaluated setting of a denoiser: what `latentlab eval` prints as JSON and appends to `DIR/eval.jsonl`. */
export interface EvalRecord extends EvalRecordBase {
  samples: number;
  steps: number;
  /** Guidance scale (1 = no guidance). */
  cfg: number;
  sampler: string;
  seed: number;
  /** Classifier FID of the samples against the test split. */
  fid: number;
  /**
   * Real-vs-real floor at this record's sample count: FID of `floor_samples` real training images (class-
   * balanced, spread over the split) against the same `reference` test images. (Records written before
   * `floor_samples` existed carry the 10,000-vs-10,000 floor of the classifier's metadata here.)
   */
  fid_floor: number;
  /** Real images behind `fid_floor`: the record's `samples`. */
  floor_samples: number;
  /** Fraction of samples the classifier assigns to the class they were generated for. */
  accuracy: number;
  /** Test images the FID compares with (FID is biased upwards at small counts: compare equal counts). */
  reference: number;
}

/** Appends `record` (a denoiser's EvalRecord, an autoencoder's or a token model's record) as one line to `DIR/eval.jsonl`. */
export function appendEvalRecord(directory: string, record: EvalRecordBase): void {
  appendFileSync(join(directory, EVAL_FILE), `${JSON.stringify(record)}\n`);
}

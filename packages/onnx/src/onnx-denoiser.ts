import { type ModelCard, parseModelCard, type Tensor, TensorShapeError, tensor } from '@latentlab/tensor';
import { checkCardMatchesGraph } from './card-graph-agreement.js';
import { denoiserTensorNames } from './denoiser-tensor-names.js';
import type { OnnxRunner } from './runner.js';
import { OnnxFeedError } from './runner-errors.js';

/** What a sampler hands the network: structurally @latentlab/samplers' `DenoiserInput<Int32Array>`. */
export interface OnnxDenoiserInput {
  /** The current samples, row-major, `shape` = (B, …). */
  x: Float32Array;
  shape: readonly number[];
  /** The process time all B samples are at. */
  t: number;
  /** Class labels (B); the card's null class for the unconditional half of CFG. */
  condition: Int32Array;
  /**
   * The scalar inputs of a distilled student, one value for the whole batch: its guidance scale w (role
   * 'guidance-scale') and a shortcut model's step size d (role 'step-size'); required where the card has them.
   */
  scalars?: { guidanceScale?: number; stepSize?: number };
}

/** Structurally @latentlab/samplers' `Denoiser<Int32Array>`: pass it to any sampler as `model`. */
export type OnnxDenoiser = (input: OnnxDenoiserInput) => Promise<Float32Array>;

/**
 * An exported denoiser run by onnxruntime (node or web) as a sampler's model, wired by its card: the
 * 'sample' input gets x (B, …), 'time' gets t repeated over the batch as float32 (B), 'class' gets the
 * condition as int32 (B); it returns the 'prediction' output (or the only one) — the card's
 * `denoiser.target`, laid out as x.
 *
 * Throws a ModelCardError (source 'onnxDenoiser') when the card is invalid, is not a denoiser's, lacks a
 * role it needs, has an input it cannot fill, or does not describe the runner's graph.
 */
export function onnxDenoiser(runner: OnnxRunner, card: ModelCard): OnnxDenoiser {
  parseModelCard(card, 'onnxDenoiser');
  const names = denoiserTensorNames(card);
  checkCardMatchesGraph(card, runner, 'onnxDenoiser');
  return async ({ x, shape, t, condition, scalars }) => {
    const batch = shape[0];
    if (batch === undefined)
      throw new OnnxFeedError(names.sample, 'onnxDenoiser: shape must be (B, …), got []');
    const feeds: Record<string, Tensor> = {
      [names.sample]: tensor(x, shape), // (B, …)
      [names.time]: tensor(new Float32Array(batch).fill(t), [batch]), // (B)
    };
    if (names.class !== null) {
      if (!(condition instanceof Int32Array) || condition.length !== batch) {
        throw new OnnxFeedError(
          names.class,
          `onnxDenoiser: the condition must be the class labels, an Int32Array of ${batch} (one per sample)`,
        );
      }
      feeds[names.class] = tensor(condition, [batch], 'int32'); // (B)
    }
    for (const [key, name, what] of [
      ['guidanceScale', names.guidanceScale, 'guidance scale w'],
      ['stepSize', names.stepSize, 'step size d'],
    ] as const) {
      if (name === undefined) continue;
      const value = scalars?.[key];
      if (value === undefined || !Number.isFinite(value)) {
        throw new OnnxFeedError(
          name,
          `onnxDenoiser: the model takes a ${what} as its input '${name}'; pass scalars.${key} (a finite number), got ${value}`,
        );
      }
      feeds[name] = tensor(new Float32Array(batch).fill(value), [batch]); // (B)
    }
    const prediction = (await runner.run(feeds))[names.prediction]!;
    const sameLayout =
      prediction.dtype === 'float32' &&
      prediction.shape.length === shape.length &&
      prediction.shape.every((size, axis) => size === shape[axis]);
    if (!sameLayout) {
      throw new TensorShapeError(
        `onnxDenoiser: the prediction '${names.prediction}' is ${prediction.dtype} [${prediction.shape.join(', ')}]; ` +
          `expected float32 [${shape.join(', ')}], as the sample`,
      );
    }
    return prediction.data as Float32Array;
  };
}

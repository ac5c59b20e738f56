import { createRng } from '@latentlab/tensor';
import { guidedLogits, positionUniforms, sampleToken, type TokenSamplingOptions } from './token-sampling.js';

/**
 * Whatever computes the next token's logits for a batch, with its own cache (onnxruntime with
 * `past`/`present`, tfjs, or a prefix model without a cache): `start` begins B sequences, `next` gives the
 * logits (B·V) at `position` after `tokens` (B) were decoded at position − 1 (ignored at position 0).
 */
export interface NextTokenModel {
  readonly vocabularySize: number;
  start(labels: Int32Array): Promise<void> | void;
  next(tokens: Int32Array, position: number): Promise<Float32Array>;
  end?(): Promise<void> | void;
}

export interface GenerateTokensOptions extends TokenSamplingOptions {
  /** The class of each image. */
  labels: Int32Array;
  /** Tokens per image (49 for 7×7). */
  length: number;
  /** Classifier-free guidance scale on logits (1: none; needs `nullClass`). */
  guidanceScale?: number;
  nullClass?: number;
  /**
   * Guide only positions in [start, end) (LlamaGen's guidance interval over token positions, as fractions of
   * the sequence); default all.
   */
  guidanceInterval?: [number, number];
  seed: number;
  /** Hears each position as it is decoded (e.g. to draw a partial grid). */
  onToken?: (position: number, tokens: Int32Array) => void;
}

/**
 * Autoregressive generation in raster order: one `next` per position for the whole batch, the conditional
 * and (with guidance) unconditional halves in one batch of 2B, CFG on logits, then temperature / top-k /
 * top-p sampling with one seeded uniform per (image, position). Returns the tokens (B, length) row-major.
 */
export async function generateTokens(
  model: NextTokenModel,
  options: GenerateTokensOptions,
): Promise<Int32Array> {
  const images = options.labels.length;
  const scale = options.guidanceScale ?? 1;
  const guided = scale !== 1;
  if (guided && options.nullClass === undefined)
    throw new RangeError('generateTokens: guidance needs the null class');
  const labels = guided
    ? Int32Array.from([...options.labels, ...new Array<number>(images).fill(options.nullClass!)])
    : options.labels;
  const batch = labels.length;
  const V = model.vocabularySize;
  const uniforms = positionUniforms(createRng(options.seed), images, options.length);
  const [intervalStart, intervalEnd] = options.guidanceInterval ?? [0, 1];
  const tokens = new Int32Array(images * options.length);
  const previous = new Int32Array(batch);
  await model.start(labels);
  try {
    for (let position = 0; position < options.length; position++) {
      const logits = await model.next(previous, position); // (batch, V)
      const fraction = position / options.length;
      const guideHere = guided && fraction >= intervalStart && fraction < intervalEnd;
      for (let image = 0; image < images; image++) {
        const conditional = logits.subarray(image * V, (image + 1) * V);
        const row = guideHere
          ? guidedLogits(conditional, logits.subarray((images + image) * V, (images + image + 1) * V), scale)
          : conditional;
        const token = sampleToken(row, uniforms[image * options.length + position]!, options);
        tokens[image * options.length + position] = token;
        previous[image] = token;
        if (guided) previous[images + image] = token;
      }
      options.onToken?.(position, tokens);
    }
  } finally {
    await model.end?.();
  }
  return tokens;
}

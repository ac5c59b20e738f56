import { createRng } from '@latentlab/tensor';
import { guidedLogits, sampleToken, type TokenSamplingOptions } from './token-sampling.js';

/** MaskGIT's mask schedule γ(r) = cos(π r / 2): the fraction of tokens still masked at progress r ∈ [0, 1]. */
export const cosineMaskRatio = (progress: number) => Math.cos((Math.PI / 2) * progress);

/** Whatever computes the logits (B·T·V) of every position for token grids (B, T) with [MASK]s. */
export type MaskedTokenModel = (tokens: Int32Array, labels: Int32Array) => Promise<Float32Array>;

export interface MaskedDecodeOptions extends TokenSamplingOptions {
  labels: Int32Array;
  length: number;
  vocabularySize: number;
  /** Parallel decoding iterations (8–16 in the paper). */
  steps: number;
  /** Gumbel noise on the confidences, annealed linearly to 0 over the iterations (4.5 in MaskGIT's code). */
  choiceTemperature?: number;
  guidanceScale?: number;
  nullClass?: number;
  seed: number;
  /** Hears the grid after each iteration ([MASK] = vocabularySize where still masked). */
  onIteration?: (iteration: number, tokens: Int32Array) => void;
}

/**
 * Iterative parallel decoding (Chang et al. 2022, §3.2): start with every token masked; at iteration t,
 * predict all masked tokens at once (CFG on logits), sample each, score it by its log-probability plus
 * choiceTemperature·(1 − (t + 1)/steps)·Gumbel noise, and re-mask the ⌊γ((t + 1)/steps)·T⌋ least confident
 * (γ the cosine schedule), so the last iteration leaves none. Returns the tokens (B, T).
 */
export async function maskedDecode(
  model: MaskedTokenModel,
  options: MaskedDecodeOptions,
): Promise<Int32Array> {
  const { length: T, vocabularySize: V, steps } = options;
  const images = options.labels.length;
  const mask = V;
  const scale = options.guidanceScale ?? 1;
  const guided = scale !== 1;
  if (guided && options.nullClass === undefined)
    throw new RangeError('maskedDecode: guidance needs the null class');
  const labels = guided
    ? Int32Array.from([...options.labels, ...new Array<number>(images).fill(options.nullClass!)])
    : options.labels;
  const rng = createRng(options.seed);
  const tokens = new Int32Array(images * T).fill(mask);
  for (let iteration = 0; iteration < steps; iteration++) {
    const input = guided ? Int32Array.from([...tokens, ...tokens]) : tokens;
    const logits = await model(input, labels); // (batch, T, V)
    const uniforms = rng.uniform(images * T * 2);
    const annealed = (options.choiceTemperature ?? 4.5) * (1 - (iteration + 1) / steps);
    const remasked = Math.floor(cosineMaskRatio((iteration + 1) / steps) * T);
    for (let image = 0; image < images; image++) {
      const candidates: { position: number; token: number; confidence: number }[] = [];
      for (let position = 0; position < T; position++) {
        if (tokens[image * T + position] !== mask) continue;
        const at = (image * T + position) * V;
        const conditional = logits.subarray(at, at + V);
        const row = guided
          ? guidedLogits(
              conditional,
              logits.subarray(
                ((images + image) * T + position) * V,
                ((images + image) * T + position + 1) * V,
              ),
              scale,
            )
          : conditional;
        const token = sampleToken(row, uniforms[(image * T + position) * 2]!, options);
        const largest = row.reduce((a, b) => Math.max(a, b), -Infinity);
        const logSum = Math.log(row.reduce((sum, value) => sum + Math.exp(value - largest), 0)) + largest;
        const gumbel = -Math.log(-Math.log(Math.max(uniforms[(image * T + position) * 2 + 1]!, 1e-12)));
        candidates.push({ position, token, confidence: row[token]! - logSum + annealed * gumbel });
      }
      // Keep the most confident; the `remasked` least confident of the still-masked stay masked.
      candidates.sort((a, b) => b.confidence - a.confidence || a.position - b.position);
      const keep = Math.max(0, candidates.length - remasked);
      for (const { position, token } of candidates.slice(
        0,
        Math.max(keep, iteration === steps - 1 ? candidates.length : 1),
      )) {
        tokens[image * T + position] = token;
      }
    }
    options.onIteration?.(iteration, tokens);
  }
  return tokens;
}

import { tensor } from '@latentlab/tensor';
import { generateTokens } from './generate-tokens.js';
import { maskedDecode } from './masked-decode.js';
import { cachedTokenModel, type GraphRunner } from './next-token-runners.js';
import type { TokenSamplingOptions } from './token-sampling.js';
import type { TokenTransformerConfig } from './token-transformer-config.js';

/** The two token models: 'ar' decodes in raster order with a KV cache, 'maskgit' in parallel iterations. */
export type TokenArchitecture = 'ar' | 'maskgit';

export interface SampleTokenGridsOptions extends TokenSamplingOptions {
  /** The class of each image. */
  labels: Int32Array;
  /** Classifier-free guidance on logits (1: none). */
  guidanceScale: number;
  seed: number;
  /** MaskGIT's decoding iterations (ignored by AR). */
  iterations: number;
  /** AR: guide only these fractions of the positions (LlamaGen's guidance interval). */
  guidanceInterval?: [number, number];
  /** MaskGIT: Gumbel noise on the confidences (default 4.5). */
  choiceTemperature?: number;
  /**
   * Hears the grids (B, T) as they fill: after each AR position (done = position + 1, of T) or each MaskGIT
   * iteration (done = iteration + 1, of `iterations`); still-masked MaskGIT tokens hold vocabularySize.
   */
  onProgress?: (done: number, total: number, tokens: Int32Array) => void;
}

/**
 * Token grids (B, T) of a token model through `run`, its sampling graph (AR's KV-cached `step`, MaskGIT's
 * `masked`) on tfjs or in onnxruntime-node or -web: the same code and the same seed give the same tokens
 * everywhere. The null class is `config.classes`.
 */
export function sampleTokenGrids(
  architecture: TokenArchitecture,
  config: TokenTransformerConfig,
  run: GraphRunner,
  options: SampleTokenGridsOptions,
): Promise<Int32Array> {
  const T = config.sequenceLength;
  const common = { ...options, length: T, nullClass: config.classes };
  if (architecture === 'maskgit') {
    return maskedDecode(
      async (tokens, labels) =>
        (
          await run({
            tokens: tensor(tokens, [labels.length, T], 'int32'), // (B, T)
            class: tensor(labels, [labels.length], 'int32'), // (B)
          })
        )['logits']!.data as Float32Array, // (B, T, V)
      {
        ...common,
        vocabularySize: config.vocabularySize,
        steps: options.iterations,
        onIteration: (iteration, tokens) => options.onProgress?.(iteration + 1, options.iterations, tokens),
      },
    );
  }
  return generateTokens(cachedTokenModel(run, config), {
    ...common,
    onToken: (position, tokens) => options.onProgress?.(position + 1, T, tokens),
  });
}

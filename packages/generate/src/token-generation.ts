import {
  sampleTokenGrids,
  type TokenArchitecture,
  type TokenSamplingOptions,
  type TokenTransformerConfig,
} from '@latentlab/ar';
import type { OnnxRunner } from '@latentlab/onnx';
import { type ModelCard, tensor } from '@latentlab/tensor';
import type { GeneratedImages, ImageBatch } from './diffusion-generation.js';
import { modelToPixels } from './pixels.js';
import { previewAffordable } from './preview-budget.js';
import { GenerationStopped } from './stopped.js';
import { type EvaluationCount, timedRunner } from './timed-runner.js';

/** An exported token model (AR step graph or MaskGIT graph) and the tokenizer decoder it models. */
export interface TokenModel {
  tokens: OnnxRunner;
  card: ModelCard;
  decoder: { runner: OnnxRunner; card: ModelCard };
}

export interface TokenRequest extends TokenSamplingOptions {
  labels: Int32Array;
  seed: number;
  guidanceScale: number;
  /** MaskGIT's decoding iterations. */
  iterations?: number;
  choiceTemperature?: number;
  guidanceInterval?: [number, number];
  /**
   * Hears the images as they fill (after each AR position or MaskGIT iteration): pixels (B, H, W) of the
   * grids decoded so far, and which grid cells (B, T) are still undecoded (1) — shown dimmed; or
   * (null, null), only the progress, where decoding would take the previews past their budget
   * (`previewAffordable`).
   */
  onPreview?: (
    done: number,
    total: number,
    image: ImageBatch | null,
    undecoded: Uint8Array | null,
  ) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface GeneratedTokenImages extends GeneratedImages {
  tokens: Int32Array;
}

/**
 * The decoder and the token model belong together only when their tokenizer ids agree; throws an Error
 * naming both sides otherwise.
 */
export function checkTokenizerAgreement(card: ModelCard, decoderCard: ModelCard): void {
  const model = card.tokenModel?.tokenizerId;
  const decoder = decoderCard.autoencoder?.tokenizerId;
  if (!model || !decoder || model !== decoder) {
    throw new Error(
      `${card.name} models the tokens of tokenizer ${model ?? '(none)'} but the decoder ${decoderCard.name} belongs to tokenizer ${decoder ?? '(none)'}: they do not go together`,
    );
  }
}

/**
 * Samples an exported token model as `latentlab sample` does (seeded, CFG on logits, temperature / top-k /
 * top-p, MaskGIT's iterations), then decodes the grids with the tokenizer's decoder. Evaluations of the
 * token model and the final decode are timed; preview decodes are not.
 */
export async function generateTokenImages(
  model: TokenModel,
  request: TokenRequest,
): Promise<GeneratedTokenImages> {
  checkTokenizerAgreement(model.card, model.decoder.card);
  const spec = model.card.tokenModel!;
  const autoencoder = model.decoder.card.autoencoder!;
  const [side] = spec.tokenGrid as [number, number];
  const [, height, width] = autoencoder.imageShape as [number, number, number];
  const batch = request.labels.length;
  const T = spec.sequenceLength;
  const decode = async (tokens: Int32Array, runner: OnnxRunner) => {
    const { x } = await runner.run({ tokens: tensor(tokens, [batch, side, side], 'int32') }); // (B, 1, H, W)
    return modelToPixels(x!.data as Float32Array, autoencoder.dataScaling);
  };
  const count: EvaluationCount = { evaluations: 0, milliseconds: 0, previewMilliseconds: 0 };
  let pending: { done: number; total: number; tokens: Int32Array } | undefined;
  const flushPreview = async () => {
    if (!pending || !request.onPreview) return;
    const { done, total, tokens } = pending;
    pending = undefined;
    if (!previewAffordable(count)) return request.onPreview(done, total, null, null);
    const undecoded = new Uint8Array(tokens.length);
    const shown = tokens.map((token, index) => {
      const masked = spec.architecture === 'maskgit' ? token >= spec.vocabularySize : index % T >= done;
      undecoded[index] = masked ? 1 : 0;
      return masked ? 0 : token;
    });
    await request.onPreview(
      done,
      total,
      { pixels: await decode(shown, model.decoder.runner), height, width },
      undecoded,
    );
  };
  const runner = timedRunner(model.tokens, count, flushPreview);
  const tokens = await sampleTokenGrids(
    spec.architecture as TokenArchitecture,
    spec.config as unknown as TokenTransformerConfig,
    (feeds) => runner.run(feeds),
    {
      ...request,
      iterations: request.iterations ?? 12,
      onProgress: (done, total, grid) => {
        if (request.signal?.aborted) throw new GenerationStopped();
        pending = { done, total, tokens: Int32Array.from(grid) };
      },
    },
  );
  const lastPreview = performance.now();
  await flushPreview();
  count.previewMilliseconds += performance.now() - lastPreview;
  const pixels = await decode(tokens, timedRunner(model.decoder.runner, count));
  return { pixels, height, width, count, tokens };
}

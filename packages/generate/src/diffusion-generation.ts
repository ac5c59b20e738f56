import { latentsFromModelSpace } from '@latentlab/autoencoders';
import type { OnnxRunner } from '@latentlab/onnx';
import { onnxDenoiser } from '@latentlab/onnx';
import type { SamplerName } from '@latentlab/samplers';
import { checkLatentAgreement, type ModelCard, tensor } from '@latentlab/tensor';
import { denoisingFromCard, sampleDenoiser } from './denoising.js';
import { type DataScaling, modelToPixels } from './pixels.js';
import { previewAffordable } from './preview-budget.js';
import { throwIfStopped } from './stopped.js';
import { type EvaluationCount, timedRunner } from './timed-runner.js';

/** An exported denoiser and, for a latent one, the autoencoder decoder beside it. */
export interface DiffusionModel {
  denoiser: OnnxRunner;
  card: ModelCard;
  decoder?: { runner: OnnxRunner; card: ModelCard };
}

export interface DiffusionRequest {
  /** The class of every image. */
  labels: Int32Array;
  seed: number;
  steps: number;
  sampler: SamplerName;
  /** diffusers' convention: 1 = no guidance. */
  guidanceScale: number;
  /** Guide only for process times in [low, high] (Kynkäänniemi et al. 2024). */
  guidanceInterval?: [number, number];
  /** SD3's timestep shift of 'linspace' levels on [0, 1] processes (1 = none). */
  shift?: number;
  /**
   * Hears x̂₀ after every step, as pixels (B, H, W) in [0, 1] — or null where decoding it would take the
   * previews past their budget (`previewAffordable`): then only the progress.
   */
  onPreview?: (step: number, steps: number, image: ImageBatch | null) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Images (B, H, W), pixels in [0, 1]. */
export interface ImageBatch {
  pixels: Float32Array;
  height: number;
  width: number;
}

export interface GeneratedImages extends ImageBatch {
  count: EvaluationCount;
}

/**
 * Samples an exported denoiser exactly as `latentlab sample --onnx` does for one batch: the starting noise
 * and any sampler noise from `seed`, CFG with the card's null class (a student's w or d inputs fed
 * instead where it has them, `scalarFeeds`), the card's process, target, spacing
 * and start time; a latent model's samples go through its decoder. Only the final decode is timed with the
 * denoiser's evaluations; previews are not.
 */
export async function generateDiffusion(
  model: DiffusionModel,
  request: DiffusionRequest,
): Promise<GeneratedImages> {
  const denoising = denoisingFromCard(model.card, model.card.name);
  const spec = model.card.denoiser!;
  const count: EvaluationCount = { evaluations: 0, milliseconds: 0, previewMilliseconds: 0 };
  const toPixels = imageDecoder(model);
  const batch = request.labels.length;
  // A preview waits for the next evaluation (or the end), so a latent decode never overlaps a run.
  let pending: { step: number; steps: number; x0: Float32Array } | undefined;
  const flushPreview = async () => {
    if (!pending || !request.onPreview) return;
    const { step, steps, x0 } = pending;
    pending = undefined;
    await request.onPreview(step, steps, previewAffordable(count) ? await toPixels(x0, batch) : null);
  };
  const samples = await sampleDenoiser({
    model: onnxDenoiser(timedRunner(model.denoiser, count, flushPreview), model.card),
    denoising,
    labels: request.labels,
    sampleShape: spec.sampleShape,
    steps: request.steps,
    sampler: request.sampler,
    guidanceScale: request.guidanceScale,
    seed: request.seed,
    ...(request.guidanceInterval ? { guidanceInterval: request.guidanceInterval } : {}),
    ...(request.shift !== undefined ? { shift: request.shift } : {}),
    onStep: (progress) => {
      pending = { step: progress.step, steps: progress.steps, x0: Float32Array.from(progress.x0) };
    },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  throwIfStopped(request.signal);
  const lastPreview = performance.now();
  await flushPreview();
  count.previewMilliseconds += performance.now() - lastPreview;
  const decoded = await toPixels(
    samples,
    batch,
    model.decoder ? timedRunner(model.decoder.runner, count) : undefined,
  );
  return { ...decoded, count };
}

/** Model-space samples (B, …) → pixels (B, H, W): the data scaling, or a latent model's decoder first. */
function imageDecoder(model: DiffusionModel) {
  const spec = model.card.denoiser!;
  if (!spec.latent) {
    const [, height, width] = spec.sampleShape as [number, number, number];
    return async (samples: Float32Array, _batch: number, _runner?: OnnxRunner) => ({
      pixels: modelToPixels(samples, spec.dataScaling),
      height,
      width,
    });
  }
  if (!model.decoder) throw new Error(`${model.card.name} is a latent model: it needs its decoder`);
  checkLatentAgreement(
    model.card,
    `${model.card.name} (denoiser)`,
    model.decoder.card,
    `${model.decoder.card.name} (decoder)`,
  );
  const autoencoder = model.decoder.card.autoencoder!;
  const latentScaling = spec.latent.latentScaling;
  const [, height, width] = autoencoder.imageShape as [number, number, number];
  const scaling: DataScaling = autoencoder.dataScaling;
  return async (samples: Float32Array, batch: number, runner: OnnxRunner = model.decoder!.runner) => {
    const latent = tensor(latentsFromModelSpace(samples, latentScaling), [batch, ...autoencoder.latentShape]);
    const { x } = await runner.run({ latent }); // (B, C, H, W)
    return { pixels: modelToPixels(x!.data as Float32Array, scaling), height, width };
  };
}

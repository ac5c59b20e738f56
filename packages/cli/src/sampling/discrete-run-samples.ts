import { writeFileAtomic } from '@latentlab/train';
import { isTokenRun, type TokenRunState } from '../cards/token-model-card.js';
import { isAutoencoderRun, loadAutoencoderCheckpoint, readAnyRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { loadTokenRun } from '../evaluation/evaluate-token-run.js';
import { encodePng } from '../images/png.js';
import { writeReconstructionGrid } from '../training/reconstruction-grid.js';
import { decodeTokens, sampleTokenGrids, tfjsSamplingRunner } from '../training/token-plan.js';
import { renderSamples } from './render-samples.js';

export interface DiscreteSampleRequest {
  checkpoint: string;
  out: string;
  format: string;
  classes?: number[];
  perClass?: number;
  guidanceScale: number;
  /** MaskGIT's iterations. */
  steps: number;
  seed: number;
  scale: number;
  rowLabels: boolean;
}

/**
 * `latentlab sample` of a run that is not a denoiser: an autoencoder's grid of test images beside their
 * reconstructions, or a token model's class rows (AR with the KV cache, MaskGIT in `steps` iterations,
 * CFG) decoded by its tokenizer. Returns the number of images drawn, or undefined for a denoiser run.
 */
export async function sampleDiscreteRun(request: DiscreteSampleRequest): Promise<number | undefined> {
  const state = readAnyRunState(request.checkpoint);
  const isToken = isTokenRun(state);
  if (!isAutoencoderRun(state) && !isToken) return undefined;
  if (request.format !== 'png') {
    throw new CliError(`--format ${request.format}: a ${state.recipe} run draws a png grid only`);
  }
  if (isAutoencoderRun(state)) {
    const { tensors } = loadAutoencoderCheckpoint(request.checkpoint);
    const dataset = ((state['dataset'] as string | undefined) ?? 'mnist') as never;
    await writeReconstructionGrid({
      config: state.modelConfig,
      dataset,
      weights: tensors.ema,
      path: request.out,
    });
    return 80;
  }
  const { weights } = loadTokenRun(request.checkpoint);
  const run = state as TokenRunState;
  const rows = request.classes ?? Array.from({ length: run.modelConfig.classes }, (_, label) => label);
  const perClass = request.perClass ?? 8;
  const labels = Int32Array.from(
    { length: rows.length * perClass },
    (_, i) => rows[Math.floor(i / perClass)]!,
  );
  const tokens = await sampleTokenGrids(run.modelConfig, tfjsSamplingRunner(run.modelConfig, weights), {
    labels,
    guidanceScale: request.guidanceScale,
    iterations: request.steps,
    seed: request.seed,
  });
  const images = decodeTokens(run.tokenizer.directory, tokens, labels.length);
  const raster = renderSamples(
    images.shape.slice(1),
    images.data as Float32Array,
    labels,
    rows.length,
    perClass,
    {
      scale: request.scale,
      rowLabels: request.rowLabels,
    },
  );
  writeFileAtomic(request.out, encodePng(raster));
  return labels.length;
}

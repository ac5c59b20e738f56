import { writeFileAtomic } from '@latentlab/train';
import { isAutoencoderRun, loadAutoencoderCheckpoint, readAnyRunState } from '../checkpoint/run-state.js';
import { CliError, FieldError } from '../errors.js';
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
 * `latentlab sample` of an autoencoder run: a grid of test images beside their reconstructions (png only).
 * Returns the number of images drawn.
 */
export async function sampleAutoencoderRun(request: DiscreteSampleRequest): Promise<number> {
  const state = readAnyRunState(request.checkpoint);
  if (!isAutoencoderRun(state))
    throw new CliError(`${request.checkpoint} is a ${state.recipe} run, not an autoencoder`);
  requirePng(request, state.recipe);
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

/**
 * `latentlab sample` of a token-model run: class rows (AR with the KV cache, MaskGIT in `steps` iterations,
 * CFG) decoded by its tokenizer, as a png grid. Returns the number of images drawn.
 */
export async function sampleTokenRun(request: DiscreteSampleRequest): Promise<number> {
  requirePng(request, readAnyRunState(request.checkpoint).recipe);
  const { weights, state: run } = loadTokenRun(request.checkpoint);
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

function requirePng(request: DiscreteSampleRequest, recipe: string): void {
  if (request.format !== 'png') {
    throw new FieldError('format', request.format, `a ${recipe} run draws a png grid only`);
  }
}

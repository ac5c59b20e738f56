import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModelCard } from '@latentlab/onnx';
import { checkLatentAgreement } from '@latentlab/tensor';
import { writeFileAtomic } from '@latentlab/train';
import { LATENT_DECODER_FILE } from '../cards/run-card.js';
import { readRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import type { LatentRunInfo } from '../latents/latent-autoencoder.js';
import { requireWritableOutput } from '../output-file.js';
import { runLatentDecoder } from '../sampling/latent-decoder.js';
import { exportAutoencoder } from './export-autoencoder.js';
import { exportVerified } from './export-run.js';
import type { ExportedGraph } from './exported-graph.js';

/** The denoiser's file in a latent model's export folder (its decoder is LATENT_DECODER_FILE beside it). */
export const LATENT_DENOISER_FILE = 'denoiser.onnx';

/** The latent section of a run's state, or undefined for a denoiser of pixels. */
export const latentOfRun = (checkpoint: string) =>
  readRunState(checkpoint)['latent'] as LatentRunInfo | undefined;

/**
 * `latentlab export --out DIR` of a latent denoiser: `denoiser.onnx` (verified against tfjs, as every
 * denoiser export) and its VAE's `decoder.onnx` (verified the same way) side by side, their cards checked
 * to agree (autoencoder id, latent shape, latent scaling) — the pair `latentlab sample --onnx
 * DIR/denoiser.onnx` and the browser app run. Existing files are replaced only with `force`.
 */
export async function exportLatentDiffusion(
  checkpoint: string,
  outDir: string,
  options: { force?: boolean; onStage?: (stage: string) => void } = {},
): Promise<ExportedGraph[]> {
  const latent = latentOfRun(checkpoint);
  if (!latent) throw new CliError(`${checkpoint} is a denoiser of pixels: give --onnx FILE`);
  const denoiserPath = join(outDir, LATENT_DENOISER_FILE);
  const decoderPath = join(outDir, LATENT_DECODER_FILE);
  const force = options.force === true;
  mkdirSync(outDir, { recursive: true });
  requireWritableOutput(denoiserPath, 'path', force);
  requireWritableOutput(decoderPath, 'path', force);
  await runLatentDecoder(latent, checkpoint).release(); // refuses a VAE folder that now holds another one
  const { bytes, card, maxAbsDiff } = await exportVerified(checkpoint, {
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  const [decoder] = await exportAutoencoder(latent.directory, outDir, {
    force,
    graphs: ['decoder'],
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  checkLatentAgreement(
    card,
    denoiserPath,
    readModelCard(new Uint8Array(readFileSync(decoderPath))),
    decoderPath,
  );
  writeFileAtomic(denoiserPath, bytes);
  return [{ graph: 'denoiser', path: denoiserPath, bytes: bytes.length, maxAbsDiff }, decoder!];
}

import { type FlagSpecs, parseFlags } from '../arguments.js';
import { isTokenRun } from '../cards/token-model-card.js';
import { isAutoencoderRun, readAnyRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { type ExportedGraph, exportAutoencoder } from '../export/export-autoencoder.js';
import { exportLatentDiffusion, latentOfRun } from '../export/export-latent-diffusion.js';
import { EXPORT_TOLERANCE, exportRun } from '../export/export-run.js';
import { exportTokenModel } from '../export/export-token-model.js';

export const EXPORT_FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', description: 'run directory written by latentlab train' },
  onnx: {
    kind: 'string',
    description: 'output .onnx file of a denoiser, or of a token model (its KV-cached step graph)',
  },
  out: {
    kind: 'string',
    description:
      'output folder of an autoencoder (encoder.onnx, quantizer.onnx for VQ-VAE/FSQ, decoder.onnx) or of a latent denoiser (denoiser.onnx + its VAE decoder.onnx)',
  },
  force: { kind: 'boolean', description: 'replace existing output files' },
};

export async function exportCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, EXPORT_FLAGS, 'export');
  const checkpoint = flags.get('checkpoint') as string | undefined;
  const onnx = flags.get('onnx') as string | undefined;
  const out = flags.get('out') as string | undefined;
  if (!checkpoint) throw new CliError('--checkpoint DIR is required');
  const onStage = (stage: string) => process.stderr.write(`export: ${stage} …\n`);
  const force = flags.get('force') === true;
  const state = readAnyRunState(checkpoint);
  if (isAutoencoderRun(state)) {
    if (!out || onnx) {
      throw new CliError(
        `${checkpoint} is an autoencoder (${state.recipe}): it exports several graphs, so give --out DIR (not --onnx)`,
      );
    }
    reportGraphs(await exportAutoencoder(checkpoint, out, { force, onStage }));
    return;
  }
  if (!isTokenRun(state) && latentOfRun(checkpoint)) {
    if (!out || onnx) {
      throw new CliError(
        `${checkpoint} is a latent denoiser (${state.recipe}): it exports with its VAE decoder, so give --out DIR (not --onnx)`,
      );
    }
    reportGraphs(await exportLatentDiffusion(checkpoint, out, { force, onStage }));
    return;
  }
  if (!onnx || out) {
    throw new CliError(
      `${checkpoint} is a ${isTokenRun(state) ? 'token model' : 'denoiser'} (${state.recipe}): give --onnx FILE`,
    );
  }
  const result = isTokenRun(state)
    ? await exportTokenModel(checkpoint, onnx, { force, onStage })
    : await exportRun(checkpoint, onnx, { force, onStage });
  process.stdout.write(
    `wrote ${result.path} (${result.bytes} bytes); onnxruntime-node vs tfjs max abs diff ${result.maxAbsDiff.toExponential(3)} (limit ${EXPORT_TOLERANCE})\n`,
  );
}

function reportGraphs(graphs: ExportedGraph[]): void {
  for (const graph of graphs) {
    process.stdout.write(
      `wrote ${graph.path} (${graph.bytes} bytes); onnxruntime-node vs tfjs ${graph.graph === 'quantizer' ? `${graph.maxAbsDiff} differing tokens` : `max abs diff ${graph.maxAbsDiff.toExponential(3)} (limit ${EXPORT_TOLERANCE})`}\n`,
    );
  }
}

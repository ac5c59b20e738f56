import {
  CliError,
  EXPORT_TOLERANCE,
  type ExportedGraph,
  FieldError,
  familyOfRun,
  readAnyRunState,
} from '@latentlab/runs';
import { type FlagSpecs, parseFlags } from '../arguments.js';

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
  const family = familyOfRun(state);
  const { into, why } = family.exporter;
  if (into === 'folder' && (!out || onnx)) {
    throw new CliError(
      `${checkpoint} is ${family.noun} (${state.recipe}): ${why}, so give --out DIR (not --onnx)`,
    );
  }
  if (into === 'file' && (!onnx || out)) {
    throw new CliError(`${checkpoint} is ${family.noun} (${state.recipe}): give --onnx FILE`);
  }
  try {
    reportGraphs(
      await family.exporter.run(checkpoint, (into === 'folder' ? out : onnx)!, { force, onStage }),
    );
  } catch (error) {
    // The exporter's `path` is --out (a folder) or --onnx (a file) here.
    if (error instanceof FieldError && error.field === 'path') {
      throw new FieldError(into === 'folder' ? 'out' : 'onnx', error.value, error.problem, error.mentions);
    }
    throw error;
  }
}

function reportGraphs(graphs: ExportedGraph[]): void {
  for (const graph of graphs) {
    process.stdout.write(
      `wrote ${graph.path} (${graph.bytes} bytes); onnxruntime-node vs tfjs ${graph.graph === 'quantizer' ? `${graph.maxAbsDiff} differing tokens` : `max abs diff ${graph.maxAbsDiff.toExponential(3)} (limit ${EXPORT_TOLERANCE})`}\n`,
    );
  }
}

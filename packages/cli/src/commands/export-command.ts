import { type FlagSpecs, parseFlags } from '../arguments.js';
import { CliError } from '../errors.js';
import { EXPORT_TOLERANCE, exportRun } from '../export/export-run.js';

export const EXPORT_FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', description: 'run directory written by latentlab train' },
  onnx: { kind: 'string', description: 'output .onnx file (EMA weights, dynamic batch)' },
  force: { kind: 'boolean', description: 'replace an existing --onnx file' },
};

export async function exportCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, EXPORT_FLAGS, 'export');
  const checkpoint = flags.get('checkpoint') as string | undefined;
  const onnx = flags.get('onnx') as string | undefined;
  if (!checkpoint || !onnx) throw new CliError('--checkpoint DIR and --onnx FILE are required');
  const result = await exportRun(checkpoint, onnx, {
    force: flags.get('force') === true,
    onStage: (stage) => process.stderr.write(`export: ${stage} …\n`),
  });
  process.stdout.write(
    `wrote ${result.path} (${result.bytes} bytes); onnxruntime-node vs tfjs max abs diff ${result.maxAbsDiff.toExponential(3)} (limit ${EXPORT_TOLERANCE})\n`,
  );
}

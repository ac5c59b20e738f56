import { SAMPLERS, type SamplerName } from '@latentlab/samplers';
import type { BackendName } from '@latentlab/tfjs';
import { type FlagSpecs, parseFlags } from '../arguments.js';
import { CliError } from '../errors.js';
import { encodePng } from '../images/png.js';
import { requireWritableOutput, writeOutputFile } from '../output-file.js';
import { renderSamples } from '../sampling/render-samples.js';
import { sampleRun } from '../sampling/sample-run.js';

export const SAMPLE_FLAGS: FlagSpecs = {
  checkpoint: { kind: 'string', description: 'run directory written by latentlab train (or give --onnx)' },
  out: { kind: 'string', description: 'output PNG (one class per row)' },
  sampler: { kind: 'string', description: `sampler: ${Object.keys(SAMPLERS).join(', ')} (euler)` },
  steps: { kind: 'integer', description: 'sampling steps (20)' },
  cfg: { kind: 'number', description: 'guidance scale (2; 1 = no guidance)' },
  classes: { kind: 'integer-list', description: 'classes, one row each (all)' },
  'per-class': { kind: 'integer', description: 'samples per class (8 images, 512 points)' },
  seed: { kind: 'integer', description: 'seed of the starting noise (0)' },
  onnx: {
    kind: 'string',
    description:
      'sample an exported .onnx with onnxruntime-node (its model card says how); no --checkpoint needed',
  },
  force: { kind: 'boolean', description: 'replace an existing --out file' },
  backend: {
    kind: 'string',
    description: 'tfjs backend: auto (gpu → node → native → cpu), gpu, node, native, cpu',
  },
};

export async function sampleCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, SAMPLE_FLAGS, 'sample');
  const checkpoint = flags.get('checkpoint') as string | undefined;
  const out = flags.get('out') as string | undefined;
  const onnx = flags.get('onnx') as string | undefined;
  if ((!checkpoint && !onnx) || !out) {
    throw new CliError('--checkpoint DIR (or --onnx FILE) and --out FILE.png are required');
  }
  requireWritableOutput(out, '--out', flags.get('force') === true);
  const sampler = (flags.get('sampler') as string | undefined) ?? 'euler';
  if (!(sampler in SAMPLERS)) {
    throw new CliError(`--sampler '${sampler}': expected one of ${Object.keys(SAMPLERS).join(', ')}`);
  }
  const result = await sampleRun({
    checkpoint,
    sampler: sampler as SamplerName,
    steps: flags.get('steps') as number | undefined,
    guidanceScale: flags.get('cfg') as number | undefined,
    classes: flags.get('classes') as number[] | undefined,
    perClass: flags.get('per-class') as number | undefined,
    seed: flags.get('seed') as number | undefined,
    onnx,
    backend: flags.get('backend') as BackendName | undefined,
  });
  writeOutputFile(
    out,
    encodePng(renderSamples(result.sampleShape, result.samples, result.labels, result.rows, result.perClass)),
  );
  process.stdout.write(`wrote ${result.labels.length} samples to ${out}\n`);
}

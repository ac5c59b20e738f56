import { CliError, CountProgress, requireWritableOutput, writeReflowPairs } from '@latentlab/runs';
import { type FlagSpecs, parseFlags } from '../arguments.js';

export const PAIRS_FLAGS: FlagSpecs = {
  teacher: { kind: 'string', description: 'the denoiser run whose ODE makes the pairs' },
  out: { kind: 'string', description: 'the pairs file to write (.safetensors)' },
  count: { kind: 'integer', default: 20_000, description: 'pairs, balanced over the classes' },
  steps: { kind: 'integer', default: 16, description: 'Euler steps of the teacher ODE' },
  cfg: { kind: 'number', default: 1.5, description: 'guidance scale (baked into the reflow student)' },
  seed: { kind: 'integer', default: 0, description: 'seed of the noise' },
  force: { kind: 'boolean', description: 'replace an existing --out file' },
};

/**
 * `latentlab pairs`: the (noise, sample) coupling of a teacher's ODE, written once for
 * `latentlab train --recipe distill-reflow --pairs FILE` (Liu et al. 2022's reflow).
 */
export async function pairsCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, PAIRS_FLAGS, 'pairs');
  const teacher = flags.get('teacher') as string | undefined;
  const out = flags.get('out') as string | undefined;
  if (!teacher) throw new CliError('--teacher DIR (a denoiser run) is required');
  if (!out) throw new CliError('--out FILE (the pairs to write) is required');
  requireWritableOutput(out, 'out', flags.get('force') === true);
  const count = flags.get('count') as number;
  const progress = new CountProgress(process.stderr, 'teacher ODE', count);
  let done = 0;
  const info = await writeReflowPairs({
    teacher,
    out,
    count,
    steps: flags.get('steps') as number,
    guidanceScale: flags.get('cfg') as number,
    seed: flags.get('seed') as number,
    onProgress: (finished) => {
      progress.advance(finished - done);
      done = finished;
    },
  });
  process.stdout.write(
    `${out}: ${info.count} (noise, sample) pairs of ${teacher} (${info.steps} Euler steps, cfg ${info.guidanceScale}, seed ${info.seed})\n`,
  );
}

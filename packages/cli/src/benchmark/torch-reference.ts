import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CliError } from '@latentlab/runs';
import {
  bestBlasCore,
  cpuFlags,
  flagsUpToMicroKernel,
  isWeakerBlasCore,
  reportedBlasCore,
} from './blas-core.js';

export interface TorchReference {
  /** A Python with torch (Debian: `apt-get install -y python3-torch libopenblas0-pthread`). */
  python: string;
  /** tools/bench/torch/dit_training_step.py */
  script: string;
  /** The benchmark config JSON both sides read. */
  config: string;
  /** OPENBLAS_CORETYPE for the runs (from `checkBlasCore`), or undefined to let OpenBLAS choose. */
  coreType?: string;
}

export interface TorchTiming {
  stepMs: number;
  params: number;
  torch: string;
  /** The OpenBLAS kernel the run used ("Core: …" of OPENBLAS_VERBOSE=2), when it said. */
  blasCore: string | null;
  /** The peer process's peak resident memory in MB, when it said. */
  peakRssMb: number | null;
}

/** What OpenBLAS picks on its own here, the best this CPU allows, and the kernel the bench will use. */
export interface BlasCoreCheck {
  detected: string | null;
  best: string | null;
  /** OPENBLAS_CORETYPE to set, when the detected kernel is weaker than the best (else undefined). */
  coreType: string | undefined;
}

/**
 * Runs the PyTorch peer once (one step) to see which kernel OpenBLAS picks. A peer on generic or older
 * kernels than the CPU has (Debian's OpenBLAS 0.3.21 calls some newer Xeons "Prescott") would make the
 * ratio flatter latentlab; the bench then sets OPENBLAS_CORETYPE to the best kernel the CPU flags allow.
 * With `microKernel` (latentlab's GEMM micro-kernel, e.g. 'avx2' forced on an AVX-512 CPU) the peer is held
 * to the same instruction set: the best OpenBLAS kernel of those flags, set even when OpenBLAS would pick a
 * wider one.
 */
export function checkBlasCore(reference: TorchReference, microKernel: string | null = null): BlasCoreCheck {
  const detected = runTorchReference({ ...reference, coreType: undefined }, 1).blasCore;
  const flags = cpuFlags();
  const best = bestBlasCore(microKernel ? flagsUpToMicroKernel(flags, microKernel) : flags);
  const narrowed = best !== null && best !== bestBlasCore(flags);
  const weaker = detected !== null && best !== null && isWeakerBlasCore(detected, best);
  return { detected, best, coreType: (narrowed && detected !== best) || weaker ? best : undefined };
}

/**
 * Runs the PyTorch peer (`python dit_training_step.py CONFIG STEPS`) with OPENBLAS_VERBOSE=2 and reads the
 * JSON line it prints (`{"params", "step_ms", …}`: mean milliseconds over STEPS steps after two warm-up
 * steps) and the kernel OpenBLAS reports on stderr.
 */
export function runTorchReference(reference: TorchReference, steps: number): TorchTiming {
  if (!existsSync(reference.script)) {
    throw new CliError(`--vs-torch: ${reference.script} not found (pass --torch-script FILE)`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_VERBOSE: '2' };
  if (reference.coreType) env['OPENBLAS_CORETYPE'] = reference.coreType;
  const run = spawnSync(reference.python, [reference.script, reference.config, String(steps)], {
    encoding: 'utf8',
    env,
  });
  if (run.error || run.status !== 0) {
    const reason = run.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
    throw new CliError(
      `--vs-torch: ${reference.python} ${reference.script} failed (${reason}); install PyTorch with \`apt-get install -y python3-torch libopenblas0-pthread\` or pass --python`,
    );
  }
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  let parsed: { step_ms?: unknown; params?: unknown; torch?: unknown; peak_rss_mb?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    throw new CliError(`--vs-torch: ${reference.script} printed no JSON line (got '${line}')`);
  }
  if (typeof parsed.step_ms !== 'number' || typeof parsed.params !== 'number') {
    throw new CliError(`--vs-torch: ${reference.script}: step_ms and params: expected numbers`);
  }
  return {
    stepMs: parsed.step_ms,
    params: parsed.params,
    torch: String(parsed.torch ?? 'unknown'),
    blasCore: reportedBlasCore(run.stderr),
    peakRssMb: typeof parsed.peak_rss_mb === 'number' ? parsed.peak_rss_mb : null,
  };
}

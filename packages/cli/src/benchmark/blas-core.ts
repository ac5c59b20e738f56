import { readFileSync } from 'node:fs';

/**
 * OpenBLAS kernels for x86-64 CPUs, newest instruction set first, and the CPU flag each needs
 * (/proc/cpuinfo). Debian's OpenBLAS 0.3.21 takes some newer Xeons for "Prescott" (SSE3 kernels, ~6× slower
 * GEMM); OPENBLAS_CORETYPE overrides its detection.
 */
const KERNELS_BY_FLAG: readonly [flag: string, core: string][] = [
  ['avx512_bf16', 'Cooperlake'],
  ['avx512f', 'SkylakeX'],
  ['avx2', 'Haswell'],
];

/** Kernels at least as good as each best choice. */
const AT_LEAST: Readonly<Record<string, readonly string[]>> = {
  Cooperlake: ['Cooperlake', 'SapphireRapids'],
  SkylakeX: ['SkylakeX', 'Cooperlake', 'SapphireRapids'],
  Haswell: ['Haswell', 'Zen', 'SkylakeX', 'Cooperlake', 'SapphireRapids'],
};

/** The kernel OpenBLAS reports with OPENBLAS_VERBOSE=2 ("Core: Haswell"), or null. */
export function reportedBlasCore(stderr: string): string | null {
  return /^Core:\s*(\S+)/m.exec(stderr)?.[1] ?? null;
}

/** The best OpenBLAS kernel this CPU's flags allow, or null (not x86-64, or no flags to read). */
export function bestBlasCore(flags: ReadonlySet<string>): string | null {
  return KERNELS_BY_FLAG.find(([flag]) => flags.has(flag))?.[1] ?? null;
}

/** True when `reported` is slower than `best` (e.g. Prescott or Haswell on an AVX-512 CPU). */
export function isWeakerBlasCore(reported: string, best: string): boolean {
  return !(AT_LEAST[best] ?? [best]).includes(reported);
}

/**
 * The CPU flags a micro-kernel of that width may use: 'avx2' drops every AVX-512 flag, 'scalar' every AVX
 * and FMA flag too; 'avx512' and others keep them all.
 */
export function flagsUpToMicroKernel(flags: ReadonlySet<string>, microKernel: string): Set<string> {
  const dropped =
    microKernel === 'avx2'
      ? (flag: string) => flag.startsWith('avx512')
      : microKernel === 'scalar'
        ? (flag: string) => flag.startsWith('avx') || flag === 'fma'
        : () => false;
  return new Set([...flags].filter((flag) => !dropped(flag)));
}

/** The flags of the first CPU in /proc/cpuinfo (empty where there is none). */
export function cpuFlags(cpuinfo = '/proc/cpuinfo'): Set<string> {
  try {
    const line = /^flags\s*:\s*(.*)$/m.exec(readFileSync(cpuinfo, 'utf8'))?.[1] ?? '';
    return new Set(line.split(/\s+/).filter(Boolean));
  } catch {
    return new Set();
  }
}

import { describe, expect, it } from 'vitest';
import { bestBlasCore, flagsUpToMicroKernel, isWeakerBlasCore, reportedBlasCore } from './blas-core.js';

describe('OpenBLAS core check', () => {
  it('reads the kernel from OPENBLAS_VERBOSE=2 and picks the best one the CPU flags allow', () => {
    expect(reportedBlasCore('Core: Prescott\nother line')).toBe('Prescott');
    expect(reportedBlasCore('nothing here')).toBeNull();
    expect(bestBlasCore(new Set(['sse3', 'avx2', 'avx512f', 'avx512_bf16']))).toBe('Cooperlake');
    expect(bestBlasCore(new Set(['avx2', 'avx512f']))).toBe('SkylakeX');
    expect(bestBlasCore(new Set(['avx2']))).toBe('Haswell');
    expect(bestBlasCore(new Set(['sse3']))).toBeNull();
  });

  it('calls a generic or older kernel weaker than the best, and a newer one not', () => {
    expect(isWeakerBlasCore('Prescott', 'SkylakeX')).toBe(true);
    expect(isWeakerBlasCore('Haswell', 'Cooperlake')).toBe(true);
    expect(isWeakerBlasCore('SkylakeX', 'SkylakeX')).toBe(false);
    expect(isWeakerBlasCore('Cooperlake', 'SkylakeX')).toBe(false);
    expect(isWeakerBlasCore('Zen', 'Haswell')).toBe(false);
  });

  it('holds the peer to the instruction set of a narrower micro-kernel', () => {
    const zen5 = new Set(['sse3', 'fma', 'avx', 'avx2', 'avx512f', 'avx512_bf16', 'avx512vl']);
    expect(bestBlasCore(flagsUpToMicroKernel(zen5, 'avx512'))).toBe('Cooperlake');
    expect(bestBlasCore(flagsUpToMicroKernel(zen5, 'avx2'))).toBe('Haswell');
    expect([...flagsUpToMicroKernel(zen5, 'avx2')].some((flag) => flag.startsWith('avx512'))).toBe(false);
    expect(bestBlasCore(flagsUpToMicroKernel(zen5, 'scalar'))).toBeNull();
    expect(flagsUpToMicroKernel(zen5, 'scalar').has('fma')).toBe(false);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { registerNativeBackend } from './backend.js';
import { nativeAddon } from './native-addon.js';

registerNativeBackend();
const addon = nativeAddon()!;
const LANES: Record<string, number> = { avx512: 16, avx2: 8, neon: 4, scalar: 1 };

describe('what the benchmarks measure against', () => {
  afterAll(() => {
    addon.forceMicroKernel('auto');
  });

  it('counts 2·m·n·k flops for every GEMM, batched ones per matrix', () => {
    const [m, n, k, batches] = [5, 7, 3, 4];
    const before = addon.gemmFlops();
    addon.batchMatMul(
      new Float32Array(batches * m * k),
      new Float32Array(batches * k * n),
      new Float32Array(batches * m * n),
      batches,
      m,
      n,
      k,
      false,
      false,
      Int32Array.from({ length: batches }, (_, index) => index),
      Int32Array.from({ length: batches }, (_, index) => index),
    );
    expect(addon.gemmFlops() - before).toBe(2 * m * n * k * batches);
  });

  for (const microKernel of addon.info().supportedMicroKernels.split(',')) {
    it(`measures the multiply-add peak with the ${microKernel} kernel's vectors`, () => {
      expect(addon.forceMicroKernel(microKernel)).toBe(true);
      const peak = addon.measureFmaPeak(0.05);
      expect(peak.microKernel).toBe(microKernel);
      expect(peak.lanes).toBe(LANES[microKernel]);
      expect(peak.threads).toBe(addon.info().threads);
      expect(peak.gflops).toBeGreaterThan(0);
      if (peak.clockGhz > 0) {
        // Per core and cycle: at most 4 FMA pipes × lanes × 2 flops, and some work (a loaded machine loses
        // time, not cycles, so this is loose below).
        expect(peak.flopsPerCycle).toBeLessThanOrEqual(4 * 2 * peak.lanes * 1.25);
        expect(peak.flopsPerCycle).toBeGreaterThan(0);
        expect(peak.clockGhz).toBeLessThan(7);
      }
    });
  }

  it('refuses a measuring time outside (0, 10] seconds', () => {
    expect(() => addon.measureFmaPeak(0)).toThrow(/seconds must be in \(0, 10\]/);
    expect(() => addon.measureFmaPeak(11)).toThrow(/seconds must be in \(0, 10\]/);
  });
});

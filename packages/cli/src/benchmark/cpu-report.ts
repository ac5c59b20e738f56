import { cpus } from 'node:os';
import { nativeAddon } from '@latentlab/tfjs';

/** What a benchmark line says about the CPU it ran on and the peak its GEMM figures are fractions of. */
export interface CpuReport {
  /** The CPU model as the OS names it (`lscpu`'s "Model name"). */
  model: string;
  /** The GEMM micro-kernel in use ('avx512', 'avx2', 'neon', 'scalar'), or null without the native addon. */
  microKernel: string | null;
  /** Micro-kernels this CPU can run, widest first. */
  supportedMicroKernels: string | null;
  threads: number;
  /** Core clock measured under the peak loop, GHz (null where it cannot be measured). */
  clockGhz: number | null;
  /** Multiply-add lanes × 2 × FMA pipes per core per cycle, as measured: 32 for AVX2 on two pipes. */
  flopsPerCycle: number | null;
  /** The multiply-add peak of all threads with the micro-kernel's vectors, GFLOP/s (measured, registers only). */
  peakGflops: number | null;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * Describes the CPU and measures the FMA peak of the active micro-kernel for `seconds` (a register-only
 * loop on every native thread), so a GEMM's GFLOP/s can be reported as a fraction of what the hardware can
 * do at the clock it runs at now. Without the native addon only the model and thread count are known.
 */
export function cpuReport(seconds = 0.5): CpuReport {
  const model = cpus()[0]?.model.trim() || 'unknown';
  const addon = nativeAddon();
  if (!addon) {
    return {
      model,
      microKernel: null,
      supportedMicroKernels: null,
      threads: cpus().length,
      clockGhz: null,
      flopsPerCycle: null,
      peakGflops: null,
    };
  }
  const info = addon.info();
  const peak = addon.measureFmaPeak(seconds);
  return {
    model,
    microKernel: info.microKernel,
    supportedMicroKernels: info.supportedMicroKernels,
    threads: info.threads,
    clockGhz: peak.clockGhz > 0 ? round(peak.clockGhz, 2) : null,
    flopsPerCycle: peak.clockGhz > 0 ? round(peak.flopsPerCycle, 1) : null,
    peakGflops: round(peak.gflops, 1),
  };
}

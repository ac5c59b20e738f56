import type { NoiseProcess } from '@latentlab/schedules';

/** α(t), σ(t) and λ(t) = log(α²/σ²) of a process sampled over its whole time range. */
export interface ScheduleCurves {
  /** (N) increasing from tMin to tMax. */
  times: Float64Array;
  alpha: Float64Array;
  sigma: Float64Array;
  /** log-SNR in the log(α²/σ²) convention (Kingma et al. 2021, VDM, §2: SNR = α²/σ²); ±∞ at the ends where σ or α is 0. */
  logSnr: Float64Array;
  /** Whether `times` are spaced evenly in log t (EDM's σ from 0.002 to 80 spans 4.6 decades). */
  logTime: boolean;
}

/** Whether a process's times are best shown on a log axis: its time range spans more than two decades. */
export function usesLogTime(process: NoiseProcess): boolean {
  return process.tMin > 0 && process.tMax / process.tMin > 100;
}

/** The time at fraction `position` ∈ [0, 1] of the range: linear in t, or in log t for `usesLogTime`. */
export function timeAtPosition(process: NoiseProcess, position: number): number {
  if (position <= 0) return process.tMin;
  if (position >= 1) return process.tMax;
  if (usesLogTime(process)) return process.tMin * (process.tMax / process.tMin) ** position;
  return process.tMin + (process.tMax - process.tMin) * position;
}

/**
 * Samples the process's own α, σ and log-SNR at `count` times. The package's `logSnr` is log(α/σ)
 * (DPM-Solver's λ, "one half of the log-SNR": Lu et al. 2022, §3.1); the curve is twice it, log(α²/σ²).
 */
export function scheduleCurves(process: NoiseProcess, count: number): ScheduleCurves {
  if (!(Number.isInteger(count) && count >= 2))
    throw new RangeError(`scheduleCurves: count ${count}; expected ≥ 2`);
  const times = Float64Array.from({ length: count }, (_, i) => timeAtPosition(process, i / (count - 1)));
  return {
    times,
    alpha: times.map((t) => process.alpha(t)),
    sigma: times.map((t) => process.sigma(t)),
    logSnr: times.map((t) => 2 * process.logSnr(t)),
    logTime: usesLogTime(process),
  };
}

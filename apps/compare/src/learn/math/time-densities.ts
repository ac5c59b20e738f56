import { shiftTime } from '@latentlab/schedules';

/**
 * Densities π(t) on (0, 1) of the training time of rectified flow — the closed forms of the samplers in
 * `@latentlab/schedules` (`uniformTimes`, `logitNormalTimes`, `shiftTime`), for plotting.
 */
export type TimeDensity = (t: number) => number;

/** U(0, 1). */
export const uniformTimeDensity: TimeDensity = (t) => (t > 0 && t < 1 ? 1 : 0);

/**
 * Logit-normal: logit(t) ~ N(m, s²) (Esser et al. 2024, SD3, §3.1 "Logit-Normal Sampling"):
 * π(t; m, s) = 1/(s√(2π)) · 1/(t(1 − t)) · exp(−(logit(t) − m)²/(2s²)).
 */
export function logitNormalTimeDensity(mean: number, std: number): TimeDensity {
  if (!(std > 0 && Number.isFinite(std) && Number.isFinite(mean))) {
    throw new RangeError(`logitNormalTimeDensity: m = ${mean}, s = ${std}; expected finite m and s > 0`);
  }
  return (t) => {
    if (!(t > 0 && t < 1)) return 0;
    const z = (Math.log(t / (1 - t)) - mean) / std;
    return Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI) * t * (1 - t));
  };
}

/**
 * The density of t' = shiftTime(t, shift) = shift·t/(1 + (shift − 1)·t) for t ~ base (SD3 §5.3.2), by the
 * change of variables π'(t') = π(t)·dt/dt'. The inverse map is the shift by 1/shift,
 * t = t'/(shift − (shift − 1)·t'), with dt/dt' = shift/(shift − (shift − 1)·t')².
 */
export function shiftedTimeDensity(base: TimeDensity, shift: number): TimeDensity {
  if (!(shift > 0 && Number.isFinite(shift))) {
    throw new RangeError(`shiftedTimeDensity: shift = ${shift}; expected a finite number > 0`);
  }
  return (shifted) => {
    if (!(shifted > 0 && shifted < 1)) return 0;
    const original = shiftTime(shifted, 1 / shift);
    const denominator = shift - (shift - 1) * shifted;
    return base(original) * (shift / (denominator * denominator));
  };
}

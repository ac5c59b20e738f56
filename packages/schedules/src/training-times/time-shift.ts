/**
 * Timestep shift (Esser et al. 2024, SD3, §5.3.2 "Resolution-dependent shifting of timestep schedules"):
 * t' = shift·t / (1 + (shift − 1)·t), for rectified-flow time t ∈ [0, 1] (t = 1 noise). It maps a schedule for
 * one resolution to another with the same log-SNR offset: λ(t') = λ(t) − log(shift). shift > 1 moves times
 * towards the noisy end; shift = 1 is the identity. SD3 uses shift = √(m/n) for m pixels trained at n.
 *
 * FLUX's `time_shift(mu, 1, t) = e^μ/(e^μ + (1/t − 1))` (black-forest-labs/flux, src/flux/sampling.py;
 * diffusers FlowMatchEulerDiscreteScheduler.time_shift) is exactly shiftTime(t, e^μ): multiply numerator and
 * denominator by t.
 */
export function shiftTime(t: number, shift: number): number {
  if (!(shift > 0 && Number.isFinite(shift))) {
    throw new RangeError(`shiftTime: shift = ${shift}; expected a finite number > 0`);
  }
  return (shift * t) / (1 + (shift - 1) * t);
}

/**
 * A learning-rate schedule: the rate at 1-based optimizer step `step`. Pure functions of the step, so a
 * resumed run continues on the same curve.
 */
export type LearningRateSchedule = (step: number) => number;

function requireRate(rate: number, schedule: string): void {
  if (!(rate > 0 && Number.isFinite(rate))) {
    throw new RangeError(`${schedule}: learning rate ${rate}; expected a finite number > 0`);
  }
}

function requireSteps(steps: number, field: string, schedule: string): void {
  if (!(Number.isSafeInteger(steps) && steps >= 0)) {
    throw new RangeError(`${schedule}: ${field} ${steps}; expected an integer ≥ 0`);
  }
}

/** The same rate at every step. */
export function constantLearningRate(rate: number): LearningRateSchedule {
  requireRate(rate, 'constantLearningRate');
  return () => rate;
}

/**
 * Linear warm-up from rate/warmupSteps at step 1 to `rate` at step `warmupSteps`, then constant
 * (Goyal et al. 2017, §2.2 "gradual warmup"); warmupSteps = 0 is the constant schedule.
 */
export function linearWarmup(rate: number, warmupSteps: number): LearningRateSchedule {
  requireRate(rate, 'linearWarmup');
  requireSteps(warmupSteps, 'warmupSteps', 'linearWarmup');
  if (warmupSteps === 0) return () => rate;
  return (step) => rate * Math.min(1, step / warmupSteps);
}

export interface WarmupCosineOptions {
  /** The rate at the end of the warm-up. */
  peak: number;
  warmupSteps: number;
  /** The step at which the cosine reaches `final`. */
  totalSteps: number;
  /** The rate the cosine decays to (default 0). */
  final?: number;
}

/**
 * Linear warm-up to `peak`, then cosine decay to `final` at `totalSteps` (Loshchilov & Hutter 2017,
 * "SGDR", eq. 5 without restarts): rate = final + ½(peak − final)(1 + cos(π·(step − W)/(total − W))).
 * Steps past `totalSteps` stay at `final`.
 */
export function warmupCosine({
  peak,
  warmupSteps,
  totalSteps,
  final = 0,
}: WarmupCosineOptions): LearningRateSchedule {
  requireRate(peak, 'warmupCosine');
  requireSteps(warmupSteps, 'warmupSteps', 'warmupCosine');
  if (!(Number.isSafeInteger(totalSteps) && totalSteps > warmupSteps)) {
    throw new RangeError(
      `warmupCosine: totalSteps ${totalSteps}; expected an integer > warmupSteps (${warmupSteps})`,
    );
  }
  if (!(final >= 0 && final <= peak)) {
    throw new RangeError(`warmupCosine: final ${final}; expected 0 ≤ final ≤ peak (${peak})`);
  }
  return (step) => {
    if (step <= warmupSteps) return (peak * step) / warmupSteps;
    const progress = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return final + 0.5 * (peak - final) * (1 + Math.cos(Math.PI * progress));
  };
}

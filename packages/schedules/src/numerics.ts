/**
 * Small float64 helpers shared by the processes, written to stay accurate at the extremes (very large or
 * very small arguments) where the textbook forms overflow or cancel.
 */

/** The logistic function 1/(1 + e^(−x)), without overflow for large |x|; sigmoid(±∞) = 1 or 0. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const exponential = Math.exp(x);
  return exponential / (1 + exponential);
}

/** softplus(x) = log(1 + e^x), without overflow for large x and without cancellation for very negative x. */
export function softplus(x: number): number {
  if (x > 0) return x + Math.log1p(Math.exp(-x));
  return Math.log1p(Math.exp(x));
}

/** x clamped to [low, high]. */
export function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

/** Throws a RangeError naming `what` unless `lambda` is a number (±∞ allowed, NaN not). */
export function checkLogSnr(lambda: number, what: string): void {
  if (Number.isNaN(lambda))
    throw new RangeError(`${what}.timeAtLogSnr: log-SNR is NaN; expected a number or ±Infinity`);
}

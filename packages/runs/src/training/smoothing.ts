/**
 * Exponential moving average of a series with its start-up bias removed, as TensorBoard's smoothing slider:
 * s_t = w·s_{t−1} + (1 − w)·x_t with s_0 = 0, reported as s_t / (1 − w^t), so the first points are not
 * pulled towards 0. Non-finite values are skipped (they keep the previous smoothed value).
 */
export function exponentialSmoothing(values: readonly number[], weight = 0.9): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight ${weight}: expected [0, 1)`);
  const smoothed: number[] = [];
  let average = 0;
  let count = 0;
  for (const value of values) {
    if (Number.isFinite(value)) {
      average = weight * average + (1 - weight) * value;
      count += 1;
    }
    smoothed.push(count === 0 ? Number.NaN : average / (1 - weight ** count));
  }
  return smoothed;
}

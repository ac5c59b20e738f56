/** A histogram of `values` on [low, high] in `bins` equal bins, as a density: count / (n · bin width). */
export function densityHistogram(
  values: ArrayLike<number>,
  bins: number,
  low: number,
  high: number,
): Float64Array {
  if (!(Number.isInteger(bins) && bins > 0 && high > low)) {
    throw new RangeError(
      `densityHistogram: ${bins} bins on [${low}, ${high}]; expected bins ≥ 1 and low < high`,
    );
  }
  const density = new Float64Array(bins);
  const width = (high - low) / bins;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!(value >= low && value <= high)) continue;
    const bin = Math.min(bins - 1, Math.floor((value - low) / width));
    density[bin]! += 1;
  }
  const scale = values.length > 0 ? 1 / (values.length * width) : 0;
  for (let bin = 0; bin < bins; bin++) density[bin]! *= scale;
  return density;
}

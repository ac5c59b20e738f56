/** A tensor seen as (outer, reduce, inner), reduced over its middle axis. */
export interface MiddleAxisView {
  outer: number;
  reduce: number;
  inner: number;
  /** The tfjs output shape: reduced axes dropped, or kept as 1 with keepDims. */
  outputShape: number[];
}

/**
 * The reduced axes of a tfjs `axis` attribute (null/undefined: every axis; negative counts from the end),
 * sorted and without duplicates; null when an axis is not an integer in [-rank, rank), which the cpu kernel
 * then reports with tfjs's own error.
 */
export function normalizeAxes(axis: number | number[] | null | undefined, rank: number): number[] | null {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, index) => index);
  const axes = new Set<number>();
  for (const value of Array.isArray(axis) ? axis : [axis]) {
    if (!Number.isInteger(value) || value < -rank || value >= rank) return null;
    axes.add(value < 0 ? value + rank : value);
  }
  return [...axes].sort((left, right) => left - right);
}

/**
 * The (outer, reduce, inner) view of `shape` reduced over `axes` (normalised), or null when the reduced axes
 * do not form one contiguous run once size-1 dimensions are ignored, e.g. (2, 3, 4) over [0, 2].
 *   (64, 49, 512) over [0, 1] → (1, 3136, 512);  (8, 1, 5, 7) over [1, 2] → (8, 5, 7).
 */
export function middleAxisView(
  shape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): MiddleAxisView | null {
  const reduced = new Set(axes);
  let outer = 1;
  let reduce = 1;
  let inner = 1;
  // Walks the non-size-1 dimensions: kept ones before the reduced run, the run, then kept ones after it.
  let phase: 'outer' | 'reduce' | 'inner' = 'outer';
  for (const [axis, size] of shape.entries()) {
    if (size === 1) continue;
    if (reduced.has(axis)) {
      if (phase === 'inner') return null;
      phase = 'reduce';
      reduce *= size;
    } else if (phase === 'outer') {
      outer *= size;
    } else {
      phase = 'inner';
      inner *= size;
    }
  }
  const outputShape = keepDims
    ? shape.map((size, axis) => (reduced.has(axis) ? 1 : size))
    : shape.filter((_, axis) => !reduced.has(axis));
  return { outer, reduce, inner, outputShape };
}

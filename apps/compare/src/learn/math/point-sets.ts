/** Small statistics of 2-D point sets, row-major (N, 2). */

/** Mean distance between matching points of two (N, 2) sets. */
export function meanPointDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length % 2 !== 0) {
    throw new RangeError(
      `meanPointDistance: ${a.length} and ${b.length} values; expected two equal (N, 2) sets`,
    );
  }
  let total = 0;
  for (let i = 0; i + 1 < a.length; i += 2) total += Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!);
  return a.length === 0 ? 0 : total / (a.length / 2);
}

/** Mean distance of the points from one centre. */
export function meanDistanceFrom(points: ArrayLike<number>, centre: readonly [number, number]): number {
  let total = 0;
  for (let i = 0; i + 1 < points.length; i += 2)
    total += Math.hypot(points[i]! - centre[0], points[i + 1]! - centre[1]);
  return points.length === 0 ? 0 : total / (points.length / 2);
}

/** How many points lie nearer `centres[index]` than every other centre. */
export function countNearest(
  points: ArrayLike<number>,
  centres: readonly (readonly [number, number])[],
  index: number,
): number {
  let count = 0;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const distances = centres.map(([x, y]) => Math.hypot(points[i]! - x, points[i + 1]! - y));
    const nearest = distances.indexOf(Math.min(...distances));
    if (nearest === index) count++;
  }
  return count;
}

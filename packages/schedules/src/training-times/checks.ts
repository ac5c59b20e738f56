/** Throws unless n is a non-negative safe integer (the sample count of a training-time distribution). */
export function checkSampleCount(n: number, distribution: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${distribution}: n = ${n}; expected a non-negative integer`);
  }
}

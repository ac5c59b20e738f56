/**
 * Logarithm, sine and cosine that give the same bits in every JavaScript engine.
 *
 * ECMAScript leaves the accuracy of Math.log, Math.sin and Math.cos to the implementation (ECMA-262
 * §21.3.2: "implementation-approximated"), so V8, SpiderMonkey and JavaScriptCore may differ in the last
 * bit. These functions use only + − × ÷ (correctly rounded IEEE 754 binary64, and JavaScript never fuses
 * them) and exact bit manipulation, so their results are fully specified by the code below.
 */

const scratch = new DataView(new ArrayBuffer(8));

/** 2^54, used to lift subnormal inputs into the normal range (the scaling is exact). */
const TWO_POW_54 = 18014398509481984;

/** Number of odd terms of the atanh series: |s| ≤ 3 − 2√2 ≈ 0.1716, so s^24/25 < 1e-19 (term 13 and on). */
const LOG_SERIES_TERMS = 12;

/**
 * Natural logarithm of a positive finite number, accurate to a few ulp.
 *
 * Writes x = m · 2^e with m in [√½, √2] (exponent read from the IEEE 754 bit pattern), then
 * ln x = e · ln 2 + ln m, and ln m = 2 · atanh(s) = 2 (s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1)
 * (Abramowitz & Stegun 4.1.27).
 *
 * Returns NaN for negative or NaN input, −Infinity for 0 and +Infinity for +Infinity, as Math.log does.
 */
export function naturalLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;

  let exponentOffset = 0;
  if (x < 2.2250738585072014e-308) {
    x *= TWO_POW_54; // subnormal: scale into the normal range
    exponentOffset = -54;
  }
  scratch.setFloat64(0, x);
  const highWord = scratch.getUint32(0);
  let exponent = ((highWord >>> 20) & 0x7ff) - 1023 + exponentOffset;
  scratch.setUint32(0, (highWord & 0x800fffff) | (1023 << 20)); // same mantissa, exponent 0: m in [1, 2)
  let mantissa = scratch.getFloat64(0);
  if (mantissa > Math.SQRT2) {
    mantissa /= 2; // exact
    exponent += 1;
  }

  const s = (mantissa - 1) / (mantissa + 1);
  const s2 = s * s;
  // Horner form of 1 + s²/3 + s⁴/5 + … + s^22/23, innermost term first.
  let series = 1 / (2 * LOG_SERIES_TERMS - 1);
  for (let k = LOG_SERIES_TERMS - 2; k >= 0; k--) series = series * s2 + 1 / (2 * k + 1);
  return exponent * Math.LN2 + 2 * s * series;
}

/** (−1)^⌊n/2⌋ / n! for n = 0 … 19: the Taylor coefficients of cos (even n) and sin (odd n). */
const TAYLOR_COEFFICIENTS: readonly number[] = (() => {
  const values: number[] = [];
  let factorial = 1; // n! is exact in binary64 up to 22!, so each 1/n! is correctly rounded
  for (let n = 0; n <= 19; n++) {
    if (n > 0) factorial *= n;
    values.push((Math.floor(n / 2) % 2 === 0 ? 1 : -1) / factorial);
  }
  return values;
})();

/** Taylor series of sin θ for |θ| ≤ π/4 through θ^19/19! (the next term is below 1e-19), Horner form. */
function sinTaylor(theta: number): number {
  const t2 = theta * theta;
  let sum = TAYLOR_COEFFICIENTS[19]!;
  for (let n = 17; n >= 1; n -= 2) sum = sum * t2 + TAYLOR_COEFFICIENTS[n]!;
  return theta * sum;
}

/** Taylor series of cos θ for |θ| ≤ π/4 through θ^18/18!, Horner form. */
function cosTaylor(theta: number): number {
  const t2 = theta * theta;
  let sum = TAYLOR_COEFFICIENTS[18]!;
  for (let n = 16; n >= 0; n -= 2) sum = sum * t2 + TAYLOR_COEFFICIENTS[n]!;
  return sum;
}

/**
 * Splits an angle given in turns into a quadrant q (0 … 3) and a remainder angle θ in radians with
 * |θ| ≤ π/4, so that the angle is q · π/2 + θ (mod 2π). Working in turns keeps the reduction exact:
 * 4 · turns and the subtraction of the nearest integer lose no bits.
 */
function reduceTurns(turns: number): { quadrant: number; theta: number } {
  const quarterTurns = turns * 4;
  const nearest = Math.floor(quarterTurns + 0.5);
  const theta = (quarterTurns - nearest) * (Math.PI / 2);
  const quadrant = ((nearest % 4) + 4) % 4;
  return { quadrant, theta };
}

/** sin(2π · turns), identical in every engine. NaN for non-finite input. */
export function sinOfTurns(turns: number): number {
  if (!Number.isFinite(turns)) return Number.NaN;
  const { quadrant, theta } = reduceTurns(turns);
  switch (quadrant) {
    case 0:
      return sinTaylor(theta);
    case 1:
      return cosTaylor(theta);
    case 2:
      return -sinTaylor(theta);
    default:
      return -cosTaylor(theta);
  }
}

/** cos(2π · turns), identical in every engine. NaN for non-finite input. */
export function cosOfTurns(turns: number): number {
  if (!Number.isFinite(turns)) return Number.NaN;
  const { quadrant, theta } = reduceTurns(turns);
  switch (quadrant) {
    case 0:
      return cosTaylor(theta);
    case 1:
      return -sinTaylor(theta);
    case 2:
      return -cosTaylor(theta);
    default:
      return sinTaylor(theta);
  }
}

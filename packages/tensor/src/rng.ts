import { cosOfTurns, naturalLog, sinOfTurns } from './deterministic-math.js';

/**
 * Seeded counter-based random numbers, bit-identical in Node and every browser.
 *
 * Philox4x32-10 from J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as easy
 * as 1, 2, 3", SC'11 (the generator of Random123, cuRAND, JAX and PyTorch's CUDA RNG). Every output is a
 * pure function of (key, counter): the 64-bit seed is the key, a 128-bit counter numbers the blocks of
 * four 32-bit words, and the whole stream position fits in a small JSON object.
 */

export type Uint32x4 = [number, number, number, number];
export type Uint32x2 = [number, number];

// Round multipliers and Weyl key increments (Salmon et al. 2011, §3.3; Random123 philox.h).
const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;
const PHILOX_ROUNDS = 10;

/** High 32 bits of the exact 64-bit product of two uint32s, from 16-bit halves (all partials < 2^32). */
function mulHigh32(a: number, b: number): number {
  const aLow = a & 0xffff;
  const aHigh = a >>> 16;
  const bLow = b & 0xffff;
  const bHigh = b >>> 16;
  const lowLow = aLow * bLow;
  const cross1 = aHigh * bLow + (lowLow >>> 16);
  const cross2 = aLow * bHigh + (cross1 & 0xffff);
  return (aHigh * bHigh + (cross1 >>> 16) + (cross2 >>> 16)) >>> 0;
}

/** Philox4x32-10 into `out` (no allocation); the state words are uint32 numbers. */
function philoxInto(
  out: Uint32Array,
  counter0: number,
  counter1: number,
  counter2: number,
  counter3: number,
  key0: number,
  key1: number,
): void {
  let x0 = counter0 >>> 0;
  let x1 = counter1 >>> 0;
  let x2 = counter2 >>> 0;
  let x3 = counter3 >>> 0;
  let k0 = key0 >>> 0;
  let k1 = key1 >>> 0;
  for (let round = 0; round < PHILOX_ROUNDS; round++) {
    // One round (Salmon et al. 2011, Fig. 2): two 32×32→64 multiplies, the high halves mixed with the
    // other words and the round key, the words permuted.
    const high0 = mulHigh32(PHILOX_M0, x0);
    const low0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const high1 = mulHigh32(PHILOX_M1, x2);
    const low1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (high1 ^ x1 ^ k0) >>> 0;
    x1 = low1;
    x2 = (high0 ^ x3 ^ k1) >>> 0;
    x3 = low0;
    // Key schedule: a Weyl sequence, bumped between rounds.
    k0 = (k0 + PHILOX_W0) >>> 0;
    k1 = (k1 + PHILOX_W1) >>> 0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
}

/** Philox4x32-10: the four output words for one 128-bit counter and 64-bit key (a pure function). */
export function philox4x32(counter: Readonly<Uint32x4>, key: Readonly<Uint32x2>): Uint32x4 {
  const out = new Uint32Array(4);
  philoxInto(out, counter[0], counter[1], counter[2], counter[3], key[0], key[1]);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

/** A plain JSON-serialisable snapshot of an Rng: restoring it continues the exact same stream. */
export interface RngState {
  algorithm: 'philox4x32-10';
  /** The 64-bit key as two uint32 words (low, high). */
  key: Uint32x2;
  /** The counter of the next block to generate, four uint32 words, least significant first. */
  counter: Uint32x4;
  /** Words of the last generated block not handed out yet (0 to 3 uint32s, in output order). */
  pendingWords: number[];
  /** The unused second value of the last Box–Muller pair (0 or 1 float32 values). */
  pendingNormals: number[];
}

/** Thrown for an invalid seed, argument or saved state; the message names what was expected. */
export class RngError extends Error {
  override name = 'RngError';
}

const TWO_POW_32 = 4294967296;
/** Domain-separation tag ("splt") in the top counter word of the blocks that derive split keys. */
const SPLIT_TAG = 0x73706c74;

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < TWO_POW_32;
}

/** A short rendering of an arbitrary value for error messages (never throws). */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function checkCount(n: number, method: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RngError(`Rng.${method}: n = ${n}; expected a non-negative integer`);
  }
}

/**
 * A stream of random numbers. Not thread-shared: each consumer should own one, or `split` its own.
 *
 * Consumption order is part of the contract: `uint32` hands out the words of each Philox block in order;
 * `uniform` uses one word per value; `normal` uses two words per pair of values and keeps the second of
 * an odd pair for the next `normal` call; `randint` and `permutation` use one word per accepted draw.
 */
export class Rng {
  private readonly key: Uint32x2;
  private readonly counter: Uint32x4;
  private readonly block = new Uint32Array(4);
  /** Index of the next unused word in `block`; 4 when the block is used up. */
  private position = 4;
  private pendingNormal: number | undefined;

  private constructor(key: Uint32x2, counter: Uint32x4) {
    this.key = key;
    this.counter = counter;
  }

  /** A stream whose key is the 64-bit seed (low word, high word), counter starting at 0. */
  static fromSeed(seed: number | bigint): Rng {
    let low: number;
    let high: number;
    if (typeof seed === 'bigint') {
      if (seed < 0n || seed >= 1n << 64n) {
        throw new RngError(`seed ${seed} is out of range; expected an integer in [0, 2^64)`);
      }
      low = Number(seed & 0xffffffffn);
      high = Number(seed >> 32n);
    } else {
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new RngError(`seed ${seed} is invalid; expected a non-negative safe integer (or a bigint)`);
      }
      low = seed % TWO_POW_32;
      high = Math.floor(seed / TWO_POW_32);
    }
    return new Rng([low, high], [0, 0, 0, 0]);
  }

  /** Rebuilds an Rng from `state()`; the continuation is bit-identical. */
  static fromState(state: RngState): Rng {
    const valid =
      state !== null &&
      typeof state === 'object' &&
      state.algorithm === 'philox4x32-10' &&
      Array.isArray(state.key) &&
      state.key.length === 2 &&
      state.key.every(isUint32) &&
      Array.isArray(state.counter) &&
      state.counter.length === 4 &&
      state.counter.every(isUint32) &&
      Array.isArray(state.pendingWords) &&
      state.pendingWords.length <= 3 &&
      state.pendingWords.every(isUint32) &&
      Array.isArray(state.pendingNormals) &&
      state.pendingNormals.length <= 1 &&
      state.pendingNormals.every((value) => typeof value === 'number' && Number.isFinite(value));
    if (!valid) {
      throw new RngError(
        `Rng.fromState: not a saved Rng state; expected {algorithm: 'philox4x32-10', key: 2 uint32s, ` +
          `counter: 4 uint32s, pendingWords: ≤ 3 uint32s, pendingNormals: ≤ 1 number}, got ${describeValue(state)}`,
      );
    }
    const rng = new Rng([...state.key], [...state.counter]);
    rng.position = 4 - state.pendingWords.length;
    rng.block.set(state.pendingWords, rng.position);
    rng.pendingNormal = state.pendingNormals[0];
    return rng;
  }

  /** The exact stream position, as plain JSON data (for checkpoints). */
  state(): RngState {
    return {
      algorithm: 'philox4x32-10',
      key: [...this.key],
      counter: [...this.counter],
      pendingWords: Array.from(this.block.subarray(this.position)),
      pendingNormals: this.pendingNormal === undefined ? [] : [this.pendingNormal],
    };
  }

  /**
   * An independent stream for sub-task `stream` (a non-negative safe integer): its key is a Philox block
   * of this stream's key at a counter reserved for splitting. It depends only on this stream's key and
   * `stream`, not on how much has been drawn, so `rng.split(workerIndex)` is reproducible.
   */
  split(stream: number): Rng {
    if (!Number.isSafeInteger(stream) || stream < 0) {
      throw new RngError(`Rng.split: stream = ${stream}; expected a non-negative safe integer`);
    }
    const derived = new Uint32Array(4);
    const streamLow = stream % TWO_POW_32;
    const streamHigh = Math.floor(stream / TWO_POW_32);
    philoxInto(derived, streamLow, streamHigh, 0, SPLIT_TAG, this.key[0], this.key[1]);
    return new Rng([derived[0]!, derived[1]!], [0, 0, 0, 0]);
  }

  /** The next 32 random bits, as an integer in [0, 2^32). */
  uint32(): number {
    if (this.position === 4) this.refill();
    return this.block[this.position++]!;
  }

  /**
   * `n` (default 1) floats uniform on the open interval (0, 1), each from the top 23 bits k of one word:
   * (k + 0.5) / 2^23. Every value is exactly representable in float32, the smallest is 2^-24 and the
   * largest 1 − 2^-24, and the grid is symmetric around 0.5. (With 24 bits, (k + 0.5) / 2^24 needs a
   * 25-bit significand and rounds to 1 in float32 for the top k.)
   */
  uniform(n = 1): Float32Array {
    checkCount(n, 'uniform');
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = ((this.uint32() >>> 9) + 0.5) / 8388608;
    return values;
  }

  /**
   * `n` standard normal floats by the Box–Muller transform (G. E. P. Box, M. E. Muller, "A note on the
   * generation of random normal deviates", Ann. Math. Stat. 29, 1958): from two words a, b,
   * u1 = (a + 0.5)/2^32 in (0, 1) and u2 = b/2^32 in [0, 1), r = √(−2 ln u1), the pair
   * (r cos 2πu2, r sin 2πu2). Computed in float64 with the engine-independent log/sin/cos of
   * deterministic-math.ts, rounded to float32 at the end.
   */
  normal(n: number): Float32Array {
    checkCount(n, 'normal');
    const values = new Float32Array(n);
    let i = 0;
    if (n > 0 && this.pendingNormal !== undefined) {
      values[i++] = this.pendingNormal;
      this.pendingNormal = undefined;
    }
    while (i < n) {
      const u1 = (this.uint32() + 0.5) / TWO_POW_32;
      const u2 = this.uint32() / TWO_POW_32;
      const radius = Math.sqrt(-2 * naturalLog(u1));
      values[i++] = radius * cosOfTurns(u2);
      const second = Math.fround(radius * sinOfTurns(u2));
      if (i < n) values[i++] = second;
      else this.pendingNormal = second;
    }
    return values;
  }

  /**
   * `n` integers uniform on [low, high) (as numpy and torch), without modulo bias: a word is rejected
   * when it falls in the incomplete last copy of the range. Needs −2^31 ≤ low < high ≤ 2^31.
   */
  randint(n: number, low: number, high: number): Int32Array {
    checkCount(n, 'randint');
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low >= high) {
      throw new RngError(`Rng.randint: [${low}, ${high}) is not a non-empty integer range`);
    }
    if (low < -2147483648 || high > 2147483648) {
      throw new RngError(
        `Rng.randint: [${low}, ${high}) does not fit int32; expected -2^31 ≤ low < high ≤ 2^31`,
      );
    }
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) values[i] = low + this.below(high - low);
    return values;
  }

  /** A uniformly random ordering of 0 … n−1 (Fisher–Yates / Knuth shuffle, TAOCP vol. 2 §3.4.2, Algorithm P). */
  permutation(n: number): Int32Array {
    checkCount(n, 'permutation');
    if (n > 2147483648) throw new RngError(`Rng.permutation: n = ${n}; expected at most 2^31`);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    return order;
  }

  /** One integer uniform on [0, bound), 1 ≤ bound ≤ 2^32, by rejection of the words ≥ the largest multiple of bound. */
  private below(bound: number): number {
    const limit = TWO_POW_32 - (TWO_POW_32 % bound);
    let word = this.uint32();
    while (word >= limit) word = this.uint32();
    return word % bound;
  }

  /** Generates the block at the current counter and advances the 128-bit counter by one (with carry). */
  private refill(): void {
    const [c0, c1, c2, c3] = this.counter;
    philoxInto(this.block, c0, c1, c2, c3, this.key[0], this.key[1]);
    this.position = 0;
    for (let word = 0; word < 4; word++) {
      this.counter[word] = (this.counter[word]! + 1) >>> 0;
      if (this.counter[word] !== 0) break;
    }
  }
}

/** A new random stream for a 64-bit seed (a non-negative safe integer or a bigint below 2^64). */
export function createRng(seed: number | bigint): Rng {
  return Rng.fromSeed(seed);
}

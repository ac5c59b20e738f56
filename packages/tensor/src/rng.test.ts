import { describe, expect, it } from 'vitest';
import { createRng, philox4x32, Rng, RngError, type RngState, type Uint32x2, type Uint32x4 } from './rng.js';

const MASK32 = 0xffffffffn;

/** Philox4x32-10 written independently with BigInt products, to cross-check the 16-bit-split multiply. */
function philoxWithBigInt(counter: Uint32x4, key: Uint32x2): Uint32x4 {
  let [x0, x1, x2, x3] = counter.map(BigInt) as [bigint, bigint, bigint, bigint];
  let [k0, k1] = key.map(BigInt) as [bigint, bigint];
  for (let round = 0; round < 10; round++) {
    const product0 = 0xd2511f53n * x0;
    const product1 = 0xcd9e8d57n * x2;
    [x0, x1, x2, x3] = [
      (product1 >> 32n) ^ x1 ^ k0,
      product1 & MASK32,
      (product0 >> 32n) ^ x3 ^ k1,
      product0 & MASK32,
    ];
    k0 = (k0 + 0x9e3779b9n) & MASK32;
    k1 = (k1 + 0xbb67ae85n) & MASK32;
  }
  return [x0, x1, x2, x3].map(Number) as Uint32x4;
}

/** Float32 bit patterns, for exact comparisons (NaN-safe, −0-safe). */
function float32Bits(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

function variance(values: ArrayLike<number>): number {
  const center = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - center) ** 2;
  return sum / (values.length - 1);
}

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: far below the KS bound). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe('philox4x32', () => {
  // Random123 known-answer vectors (tests/kat_vectors, "philox4x32 10"), also used by TensorFlow's tests.
  const knownAnswers: [Uint32x4, Uint32x2, Uint32x4][] = [
    [
      [0, 0, 0, 0],
      [0, 0],
      [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
    ],
    [
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0xffffffff, 0xffffffff],
      [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
    ],
    [
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
      [0xa4093822, 0x299f31d0],
      [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
    ],
  ];

  it.each(knownAnswers)(
    'matches the Random123 known answer for counter %j, key %j',
    (counter, key, expected) => {
      expect(philox4x32(counter, key)).toEqual(expected);
    },
  );

  it('agrees with a BigInt implementation on random counters and keys', () => {
    const source = createRng(123);
    for (let i = 0; i < 500; i++) {
      const counter: Uint32x4 = [source.uint32(), source.uint32(), source.uint32(), source.uint32()];
      const key: Uint32x2 = [source.uint32(), source.uint32()];
      expect(philox4x32(counter, key)).toEqual(philoxWithBigInt(counter, key));
    }
  });
});

describe('Rng stream layout', () => {
  it('is the Philox blocks for counters 0, 1, 2, … under the key (seed low word, seed high word)', () => {
    const seed = 2n ** 40n + 12345n;
    const rng = createRng(seed);
    const key: Uint32x2 = [12345, 256];
    const words = Array.from({ length: 12 }, () => rng.uint32());
    expect(words).toEqual([
      ...philox4x32([0, 0, 0, 0], key),
      ...philox4x32([1, 0, 0, 0], key),
      ...philox4x32([2, 0, 0, 0], key),
    ]);
  });

  it('accepts the same seed as a number or a bigint, and rejects invalid seeds', () => {
    expect(createRng(2 ** 40 + 7).uniform(8)).toEqual(createRng(2n ** 40n + 7n).uniform(8));
    expect(createRng(2n ** 64n - 1n).uint32()).toBe(philox4x32([0, 0, 0, 0], [0xffffffff, 0xffffffff])[0]);
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => createRng(seed)).toThrow(RngError);
    expect(() => createRng(2n ** 64n)).toThrow(/\[0, 2\^64\)/);
  });

  it('carries the 128-bit counter across words', () => {
    const state: RngState = {
      algorithm: 'philox4x32-10',
      key: [1, 2],
      counter: [0xffffffff, 0xffffffff, 0, 0],
      pendingWords: [],
      pendingNormals: [],
    };
    const rng = Rng.fromState(state);
    expect(rng.uint32()).toBe(philox4x32([0xffffffff, 0xffffffff, 0, 0], [1, 2])[0]);
    expect(rng.state().counter).toEqual([0, 0, 1, 0]);
  });
});

describe('Rng distributions', () => {
  it('uniform: 1e6 values in (0, 1) with mean 1/2 and variance 1/12 (5 standard errors)', () => {
    const n = 1_000_000;
    const values = createRng(1).uniform(n);
    let smallest = 1;
    let largest = 0;
    for (const value of values) {
      smallest = Math.min(smallest, value);
      largest = Math.max(largest, value);
    }
    expect(smallest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(1);
    expect(Math.abs(mean(values) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    // Var(sample variance) ≈ (μ4 − σ⁴)/n with μ4 = 1/80 and σ⁴ = 1/144 for U(0, 1).
    expect(Math.abs(variance(values) - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('uniform: the extreme words map to 2^-24 and 1 − 2^-24, never 0 or 1', () => {
    const rng = Rng.fromState({
      algorithm: 'philox4x32-10',
      key: [0, 0],
      counter: [0, 0, 0, 0],
      pendingWords: [0, 0xffffffff],
      pendingNormals: [],
    });
    expect(Array.from(rng.uniform(2))).toEqual([2 ** -24, 1 - 2 ** -24]);
    expect(createRng(0).uniform()).toHaveLength(1);
  });

  it('normal: 1e6 values with mean 0, variance 1 and a Kolmogorov–Smirnov distance within the 0.1% bound', () => {
    const n = 1_000_000;
    const values = createRng(2).normal(n);
    expect(Math.abs(mean(values))).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(variance(values) - 1)).toBeLessThan(5 * Math.sqrt(2 / n)); // Var(s²) = 2σ⁴/n
    const sorted = Float64Array.from(values).sort();
    let distance = 0;
    for (let i = 0; i < n; i++) {
      const cdf = normalCdf(sorted[i]!);
      distance = Math.max(distance, Math.abs(cdf - i / n), Math.abs((i + 1) / n - cdf));
    }
    expect(distance).toBeLessThan(1.95 / Math.sqrt(n)); // KS critical value at α = 0.001
  });

  it('normal: the smallest u1 gives a finite tail value', () => {
    const rng = Rng.fromState({
      algorithm: 'philox4x32-10',
      key: [0, 0],
      counter: [0, 0, 0, 0],
      pendingWords: [0, 0],
      pendingNormals: [],
    });
    // u1 = 2^-33, u2 = 0: √(−2 ln 2^-33) = √(66 ln 2).
    expect(rng.normal(1)[0]).toBe(Math.fround(Math.sqrt(66 * Math.LN2)));
  });

  it('randint: covers [low, high) uniformly (chi-square, 9 degrees of freedom)', () => {
    const values = createRng(3).randint(100_000, -3, 7);
    const counts = new Array<number>(10).fill(0);
    for (const value of values) counts[value + 3]!++;
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(chiSquare(counts)).toBeLessThan(27.88); // χ²(9) at p = 0.001
  });

  it('randint: no modulo bias for a range of 3·2^30 (a quarter of the words is rejected)', () => {
    const values = createRng(4).randint(60_000, -(2 ** 31), 2 ** 30);
    const counts = [0, 0, 0];
    for (const value of values) counts[Math.floor((value + 2 ** 31) / 2 ** 30)]!++;
    // Reducing a word modulo 3·2^30 without rejection would put half of the values in the first third.
    expect(chiSquare(counts)).toBeLessThan(13.82); // χ²(2) at p = 0.001
  });

  it('randint: handles the full int32 range and rejects bad ranges', () => {
    const values = createRng(5).randint(1000, -(2 ** 31), 2 ** 31);
    expect(values.some((value) => value < 0) && values.some((value) => value > 0)).toBe(true);
    expect(Array.from(createRng(5).randint(10, 4, 5))).toEqual(new Array(10).fill(4));
    expect(() => createRng(5).randint(1, 3, 3)).toThrow(RngError);
    expect(() => createRng(5).randint(1, 0, 2 ** 31 + 1)).toThrow(/int32/);
    expect(() => createRng(5).randint(-1, 0, 2)).toThrow(/non-negative/);
  });

  it('permutation: is a permutation, and all 6 orders of 3 items are equally likely', () => {
    for (const n of [0, 1, 2, 17, 1000]) {
      const order = createRng(n).permutation(n);
      expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const rng = createRng(6);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = rng.permutation(3).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()])).toBeLessThan(20.52); // χ²(5) at p = 0.001
  });
});

describe('Rng determinism and streams', () => {
  it('gives the same stream for the same seed and a different one for a different seed', () => {
    expect(createRng(42).normal(100)).toEqual(createRng(42).normal(100));
    expect(createRng(42).uint32()).not.toBe(createRng(43).uint32());
    expect(float32Bits(createRng(42).uniform(100))).not.toEqual(float32Bits(createRng(43).uniform(100)));
  });

  it('split: reproducible, independent of consumption, distinct per stream and from the parent', () => {
    const parent = createRng(7);
    const first = parent.split(0).uniform(16);
    parent.normal(5);
    expect(parent.split(0).uniform(16)).toEqual(first);
    const streams = [
      createRng(7).uniform(16),
      first,
      parent.split(1).uniform(16),
      parent.split(2 ** 40).uniform(16),
    ];
    const distinct = new Set(streams.map((values) => float32Bits(values).join(',')));
    expect(distinct.size).toBe(streams.length);
    expect(createRng(8).split(0).uint32()).not.toBe(createRng(7).split(0).uint32());
    expect(() => parent.split(-1)).toThrow(RngError);
  });

  it('state: restoring mid-block and after an odd number of normals continues the exact stream', () => {
    const rng = createRng(9);
    rng.uint32(); // 3 words of the first block remain
    rng.normal(3); // the 4th value of two Box–Muller pairs is buffered
    const saved = JSON.parse(JSON.stringify(rng.state())) as RngState;
    expect(saved.pendingNormals).toHaveLength(1);
    expect(saved.pendingWords).toHaveLength(3);
    const restored = Rng.fromState(saved);
    const continueStream = (source: Rng) => [
      ...float32Bits(source.normal(5)),
      source.uint32(),
      ...float32Bits(source.uniform(3)),
      ...source.randint(4, 0, 1000),
      ...source.permutation(5),
      ...float32Bits(source.normal(1)),
    ];
    expect(continueStream(restored)).toEqual(continueStream(rng));
  });

  it('state: interleaved normals keep their buffered value across other draws', () => {
    const reference = createRng(10).normal(4);
    const rng = createRng(10);
    const first = rng.normal(1);
    const state = rng.state();
    const afterRestore = Rng.fromState(state).normal(3);
    expect([...first, ...afterRestore]).toEqual([...reference]);
  });

  it('fromState: rejects anything that is not a saved state', () => {
    const good = createRng(1).state();
    const broken: unknown[] = [
      null,
      {},
      { ...good, algorithm: 'mt19937' },
      { ...good, key: [1] },
      { ...good, counter: [0, 0, 0, -1] },
      { ...good, pendingWords: [1, 2, 3, 4] },
      { ...good, pendingWords: [0.5] },
      { ...good, pendingNormals: [1, 2] },
      { ...good, pendingNormals: ['1'] },
      { ...good, counter: [0n, 0, 0, 0] },
    ];
    for (const state of broken) expect(() => Rng.fromState(state as RngState)).toThrow(RngError);
  });

  it('golden values: the first normals for seed 0 are pinned bit for bit', () => {
    // These exact float32 bit patterns pin the stream across releases and JavaScript engines: a change here
    // changes every seeded run (initialisations, noise, data order) and needs a deliberate, noted decision.
    expect(float32Bits(createRng(0).normal(8))).toEqual(GOLDEN_NORMALS_SEED_0);
    expect(float32Bits(createRng(0).uniform(4))).toEqual(GOLDEN_UNIFORMS_SEED_0);
  });

  it('never calls the engine-defined Math functions, so every engine draws the same stream', () => {
    // ECMA-262 fixes + − × ÷ and sqrt bit for bit but leaves log/sin/cos/exp/pow to each engine: with
    // those made to throw, the stream must still come out and still equal the golden values.
    const engineDefined = [
      'log',
      'log1p',
      'log2',
      'sin',
      'cos',
      'exp',
      'expm1',
      'pow',
      'tan',
      'atan2',
    ] as const;
    const saved = engineDefined.map((name) => [name, Math[name]] as const);
    try {
      for (const name of engineDefined) {
        (Math as unknown as Record<string, unknown>)[name] = () => {
          throw new Error(`Math.${name} was called`);
        };
      }
      expect(float32Bits(createRng(0).normal(8))).toEqual(GOLDEN_NORMALS_SEED_0);
      expect(createRng(5).normal(10_001).length).toBe(10_001);
    } finally {
      for (const [name, original] of saved) (Math as unknown as Record<string, unknown>)[name] = original;
    }
  });
});

// Computed once from this implementation after the known-answer tests passed (and cross-checked against
// float64 Box–Muller with libm's log/sin/cos in Python, which rounds to the same float32 values).
const GOLDEN_NORMALS_SEED_0 = [
  0x3f7dbb33, 0xbf6cb6b0, 0xbf1e1b9f, 0xbef6d1b2, 0xbe1d5357, 0x3e392a6d, 0x3f54ec98, 0x3e4a2da3,
];
const GOLDEN_UNIFORMS_SEED_0 = [0x3ecc4fd2, 0x3f6169c5, 0x3f3c57ad, 0x3f1b00db];

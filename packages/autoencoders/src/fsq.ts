import { type Ops, tensor } from '@latentlab/tensor';
import { fsqBasis, fsqCodebookSize, fsqHalfWidths, fsqIndexToCode } from './fsq-levels.js';

/** Keeps the bound strictly inside ±(L − 1)/2 so even level counts round to exactly L values. */
const BOUND_EPSILON = 1e-3;

/** Per-channel constants of the bound: half_l = (L − 1)(1 − ε)/2, offset 0.5 for even L, shift atanh(offset/half_l). */
function boundConstants(levels: readonly number[]) {
  const halfLevels = levels.map((level) => ((level - 1) * (1 - BOUND_EPSILON)) / 2);
  const offsets = levels.map((level) => (level % 2 === 0 ? 0.5 : 0));
  const shifts = offsets.map((offset, channel) => Math.atanh(offset / halfLevels[channel]!));
  return { halfLevels, offsets, shifts };
}

const vector = <T>(ops: Ops<T>, values: readonly number[]): T =>
  ops.constant(tensor(Float32Array.from(values), [values.length]));

/**
 * FSQ of `z` (…, d), its last axis the code channels: bound each channel with tanh to (−L/2, L/2) (shifted by
 * half a level for even L, as the paper's reference code), round to the nearest level, and normalise by ⌊L/2⌋
 * so the codes lie in [−1, 1]. Rounding passes gradients straight through: the result's gradient is that of
 * the bounded value (x + stopGradient(round(x) − x)). Returns codes (…, d).
 */
export function fsqQuantize<T>(ops: Ops<T>, z: T, levels: readonly number[]): T {
  const { halfLevels, offsets, shifts } = boundConstants(levels);
  checkLastAxis(ops, z, levels);
  const bounded = ops.sub(
    ops.mul(ops.tanh(ops.add(z, vector(ops, shifts))), vector(ops, halfLevels)),
    vector(ops, offsets),
  ); // (…, d)
  const rounded = ops.add(bounded, ops.stopGradient(ops.sub(ops.round(bounded), bounded))); // (…, d), straight-through
  return ops.div(rounded, vector(ops, fsqHalfWidths(levels))); // (…, d) in [−1, 1]
}

/** Token indices (…) int32 of codes (…, d) on the grid: Σ_i digit_i · basis_i, digit = code·⌊L/2⌋ + ⌊L/2⌋. */
export function fsqCodesToIndices<T>(ops: Ops<T>, codes: T, levels: readonly number[]): T {
  checkLastAxis(ops, codes, levels);
  const halfWidths = vector(ops, fsqHalfWidths(levels));
  const digits = ops.round(ops.add(ops.mul(codes, halfWidths), halfWidths)); // (…, d)
  const weighted = ops.mul(digits, vector(ops, fsqBasis(levels))); // (…, d)
  return ops.cast(ops.round(ops.sum(weighted, -1)), 'int32'); // (…)
}

/** Codes (…, d) of token indices (…) int32, by a lookup in the whole grid (∏ L_i, d): a gather, as in VQ. */
export function fsqIndicesToCodes<T>(ops: Ops<T>, indices: T, levels: readonly number[]): T {
  return ops.gather(ops.constant(fsqGrid(levels)), indices, 0); // (…, d)
}

/** Every code of the grid, in token order: (∏ L_i, d). */
export function fsqGrid(levels: readonly number[]) {
  const size = fsqCodebookSize(levels);
  const values = new Float32Array(size * levels.length);
  for (let index = 0; index < size; index++) values.set(fsqIndexToCode(index, levels), index * levels.length);
  return tensor(values, [size, levels.length]);
}

function checkLastAxis<T>(ops: Ops<T>, value: T, levels: readonly number[]): void {
  const shape = ops.shape(value);
  if (shape.at(-1) !== levels.length) {
    throw new RangeError(
      `FSQ: the last axis is ${shape.at(-1)} channels, expected ${levels.length} (levels [${levels.join(', ')}]); shape [${shape.join(', ')}]`,
    );
  }
}

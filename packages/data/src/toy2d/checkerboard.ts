import { type Rng, tensor } from '@latentlab/tensor';
import { checkPointCount, type LabeledPoints } from './labeled-points.js';

/** Half-width of the board: points lie in [−4, 4]². */
export const CHECKERBOARD_EXTENT = 4;
const SQUARE_SIDE = 2;
const SQUARES_PER_ROW = 4;

/**
 * The checkerboard of the FFJORD / flow-matching toy benchmarks: a 4×4 board of 2×2 squares covering
 * [−4, 4]², uniform on its 8 dark squares (column + row even, counted from the corner (−4, −4)), empty on
 * the light ones. Label = dark square index 0–7 (column = label mod 4, row pair = ⌊label / 4⌋).
 * Random numbers used, in order: n squares (`randint`), then 2n offsets inside the square (`uniform`).
 */
export function checkerboard(n: number, rng: Rng): LabeledPoints {
  checkPointCount(n, 'checkerboard');
  const squares = rng.randint(n, 0, 8); // (n)
  const offsets = rng.uniform(2 * n); // (n, 2) in (0, 1)
  const points = new Float32Array(2 * n); // (n, 2)
  for (let i = 0; i < n; i++) {
    const column = squares[i]! % SQUARES_PER_ROW;
    const row = 2 * Math.floor(squares[i]! / SQUARES_PER_ROW) + (column % 2);
    points[2 * i] = (column + offsets[2 * i]!) * SQUARE_SIDE - CHECKERBOARD_EXTENT;
    points[2 * i + 1] = (row + offsets[2 * i + 1]!) * SQUARE_SIDE - CHECKERBOARD_EXTENT;
  }
  return { points: tensor(points, [n, 2]), labels: tensor(squares, [n], 'int32') };
}

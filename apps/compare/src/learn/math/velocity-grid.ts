import type { Denoiser } from '@latentlab/samplers';
import {
  coefficientsAt,
  convertPrediction,
  type NoiseProcess,
  type PredictionTarget,
} from '@latentlab/schedules';
import type { Bounds } from '../plots/plot.js';

/** (C·R, 2) the centres of a columns × rows grid of cells over `bounds`, row by row. */
export function gridPoints(bounds: Bounds, columns: number, rows: number): Float32Array {
  const points = new Float32Array(2 * columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const index = 2 * (row * columns + column);
      points[index] = bounds.xMin + ((column + 0.5) / columns) * (bounds.xMax - bounds.xMin);
      points[index + 1] = bounds.yMin + ((row + 0.5) / rows) * (bounds.yMax - bounds.yMin);
    }
  }
  return points;
}

/**
 * The model's velocity field at time t on many points in ONE batched call (B = number of points), every
 * point with the same class label; a model with another target is converted to the velocity.
 */
export async function velocityField(
  model: Denoiser<Int32Array>,
  process: NoiseProcess,
  target: PredictionTarget,
  t: number,
  label: number,
  points: Float32Array,
): Promise<Float64Array> {
  const batch = points.length / 2;
  const prediction = await model({
    x: points,
    shape: [batch, 2],
    t,
    condition: new Int32Array(batch).fill(label),
  });
  if (target === 'velocity') return Float64Array.from(prediction);
  return convertPrediction(
    Float64Array.from(prediction),
    target,
    'velocity',
    Float64Array.from(points),
    coefficientsAt(process, t),
  );
}

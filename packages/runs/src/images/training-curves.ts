import type { StepMetrics } from '../training/metrics-log.js';
import { exponentialSmoothing } from '../training/smoothing.js';
import { linePlot } from './line-plot.js';
import { createRaster, type Raster } from './raster.js';

/** Smoothing weight of the loss curves in loss.png and the dashboard (TensorBoard's default is 0.6). */
export const LOSS_SMOOTHING = 0.95;

/**
 * `loss.png`: the loss per step (light: raw; dark: smoothed) above the learning rate per step, for
 * headless use (the dashboard shows the same live).
 */
export function trainingCurves(entries: readonly StepMetrics[], width = 640): Raster {
  const losses = entries.map((entry) => entry.loss);
  const firstX = entries[0]?.step ?? 1;
  const loss = linePlot(
    [
      { values: losses, color: [174, 199, 232] },
      { values: exponentialSmoothing(losses, LOSS_SMOOTHING), color: [31, 119, 180] },
    ],
    width,
    360,
    { title: 'loss', firstX },
  );
  const rate = linePlot(
    [{ values: entries.map((entry) => entry.learningRate), color: [214, 39, 40] }],
    width,
    200,
    { title: 'learning rate', firstX },
  );
  return stackVertically([loss, rate]);
}

function stackVertically(rasters: readonly Raster[]): Raster {
  const width = Math.max(...rasters.map((raster) => raster.width));
  const stacked = createRaster(
    width,
    rasters.reduce((sum, raster) => sum + raster.height, 0),
  );
  let top = 0;
  for (const raster of rasters) {
    for (let y = 0; y < raster.height; y++) {
      stacked.pixels.set(
        raster.pixels.subarray(3 * y * raster.width, 3 * (y + 1) * raster.width),
        3 * ((top + y) * width),
      );
    }
    top += raster.height;
  }
  return stacked;
}

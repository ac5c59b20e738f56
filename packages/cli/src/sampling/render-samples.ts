import { imageGrid } from '../images/image-grid.js';
import type { Raster } from '../images/raster.js';
import { scatterPlot } from '../images/scatter-plot.js';

/** Images (C, H, W) → a grid with one class per row; 2-D points → a scatter plot coloured by class. */
export function renderSamples(
  sampleShape: readonly number[],
  samples: Float32Array,
  labels: Int32Array,
  rows: number,
  perRow: number,
): Raster {
  if (sampleShape.length === 1) return scatterPlot(samples, labels);
  return imageGrid(samples, rows, perRow, sampleShape);
}

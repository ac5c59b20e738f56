import { type ImageGridOptions, imageGrid } from '../images/image-grid.js';
import type { Raster } from '../images/raster.js';
import { scatterPlot } from '../images/scatter-plot.js';

/**
 * Images (C, H, W) → a grid with one class per row, each row labelled with its class unless `rowLabels` is
 * false; 2-D points → a scatter plot coloured by class.
 */
export function renderSamples(
  sampleShape: readonly number[],
  samples: Float32Array,
  labels: Int32Array,
  rows: number,
  perRow: number,
  options: { rowLabels?: boolean; scale?: number } = {},
): Raster {
  if (sampleShape.length === 1) return scatterPlot(samples, labels);
  const grid: ImageGridOptions = { scale: options.scale ?? 1 };
  if (options.rowLabels !== false) {
    grid.rowLabels = Array.from({ length: rows }, (_, row) => String(labels[row * perRow]));
  }
  return imageGrid(samples, rows, perRow, sampleShape, grid);
}

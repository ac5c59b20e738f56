import { imageGrid } from '../images/image-grid.js';
import type { Raster } from '../images/raster.js';
import { scatterPlot } from '../images/scatter-plot.js';
import type { ModelConfig } from '../recipes/model-config.js';
import { sampleShape } from '../recipes/model-config.js';

/** Images → a grid with one class per row; 2D points → a scatter plot coloured by class. */
export function renderSamples(
  config: ModelConfig,
  samples: Float32Array,
  labels: Int32Array,
  rows: number,
  perRow: number,
): Raster {
  if (config.kind === 'mlp') return scatterPlot(samples, labels);
  return imageGrid(samples, rows, perRow, sampleShape(config));
}

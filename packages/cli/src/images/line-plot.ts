import { type Color, createRaster, drawLine, type Raster } from './raster.js';

const AXIS: Color = [0, 0, 0];
const LINE: Color = [31, 119, 180];
const GRID: Color = [225, 225, 225];

/**
 * A line plot of `values` against their index (e.g. the loss per step), y on a log scale when every value
 * is positive: axes, four horizontal grid lines, the polyline. No text (the metrics log has the numbers).
 */
export function linePlot(values: readonly number[], width = 640, height = 360): Raster {
  const raster = createRaster(width, height);
  const margin = 20;
  const [left, right, top, bottom] = [margin, width - margin, margin, height - margin];
  const finite = values.filter(Number.isFinite);
  const logScale = finite.length > 0 && finite.every((value) => value > 0);
  const scale = (value: number) => (logScale ? Math.log(value) : value);
  const scaled = finite.map(scale);
  const low = Math.min(...scaled);
  const high = Math.max(...scaled);
  const span = high - low || 1;
  for (let line = 0; line <= 4; line++) {
    const y = top + ((bottom - top) * line) / 4;
    drawLine(raster, left, y, right, y, GRID);
  }
  drawLine(raster, left, top, left, bottom, AXIS);
  drawLine(raster, left, bottom, right, bottom, AXIS);
  const xAt = (index: number) => left + ((right - left) * index) / Math.max(1, values.length - 1);
  const yAt = (value: number) => bottom - ((bottom - top) * (scale(value) - low)) / span;
  for (let index = 1; index < values.length; index++) {
    const [previous, current] = [values[index - 1]!, values[index]!];
    if (!Number.isFinite(previous) || !Number.isFinite(current)) continue;
    drawLine(raster, xAt(index - 1), yAt(previous), xAt(index), yAt(current), LINE);
  }
  return raster;
}

import { drawText, formatAxisValue, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { type Color, createRaster, drawLine, type Raster } from './raster.js';

const AXIS: Color = [0, 0, 0];
const LINE: Color = [31, 119, 180];
const GRID: Color = [225, 225, 225];
const TEXT: Color = [60, 60, 60];

export interface LinePlotLabels {
  /** Written above the plot, with " (log scale)" added when the y axis is logarithmic ('loss'). */
  title?: string;
  /** Written under the x axis, at its right end ('step'). */
  xLabel?: string;
  /** The x value of values[0] (1: the first optimizer step). */
  firstX?: number;
}

/** One polyline of a plot. */
export interface PlotSeries {
  values: readonly number[];
  color: Color;
}

/**
 * A line plot of `values` (or of several series of equal length, drawn in order) against their index (e.g. the loss per step), y on a log scale when every value
 * is positive: axes, five horizontal grid lines with their values, five x ticks, a title and an x label
 * in a small bitmap font, and the polyline.
 */
export function linePlot(
  data: readonly number[] | readonly PlotSeries[],
  width = 640,
  height = 360,
  { title = 'loss', xLabel = 'step', firstX = 1 }: LinePlotLabels = {},
): Raster {
  const raster = createRaster(width, height);
  const series: readonly PlotSeries[] =
    data.length > 0 && typeof data[0] === 'object'
      ? (data as PlotSeries[])
      : [{ values: data as number[], color: LINE }];
  const values = series[0]?.values ?? [];
  const finite = series.flatMap((line) => line.values.filter(Number.isFinite));
  const logScale = finite.length > 0 && finite.every((value) => value > 0);
  const scale = (value: number) => (logScale ? Math.log(value) : value);
  const unscale = (value: number) => (logScale ? Math.exp(value) : value);
  const scaled = finite.map(scale);
  const low = scaled.length > 0 ? Math.min(...scaled) : 0;
  const high = scaled.length > 0 ? Math.max(...scaled) : 1;
  const span = high - low || 1;
  const gridValues = [0, 1, 2, 3, 4].map((line) => formatAxisValue(unscale(high - (span * line) / 4)));
  const left = 10 + Math.max(...gridValues.map(textWidth));
  const [right, top, bottom] = [width - 20, 12 + GLYPH_HEIGHT + 8, height - 12 - 2 * GLYPH_HEIGHT];
  for (const [line, label] of gridValues.entries()) {
    const y = top + ((bottom - top) * line) / 4;
    drawLine(raster, left, y, right, y, GRID);
    drawText(raster, label, left - 5 - textWidth(label), Math.round(y - GLYPH_HEIGHT / 2), TEXT);
  }
  drawLine(raster, left, top, left, bottom, AXIS);
  drawLine(raster, left, bottom, right, bottom, AXIS);
  const xAt = (index: number) => left + ((right - left) * index) / Math.max(1, values.length - 1);
  const yAt = (value: number) => bottom - ((bottom - top) * (scale(value) - low)) / span;
  if (values.length > 0) {
    for (const tick of roundTicks(firstX, firstX + values.length - 1)) {
      const x = xAt(tick - firstX);
      drawLine(raster, x, bottom, x, bottom + 3, AXIS);
      const label = String(tick);
      const labelLeft = Math.min(Math.max(x - textWidth(label) / 2, 0), width - textWidth(label));
      drawText(raster, label, Math.round(labelLeft), bottom + 6, TEXT);
    }
  }
  drawText(raster, logScale ? `${title} (log scale)` : title, left, 10, TEXT);
  drawText(raster, xLabel, right - textWidth(xLabel), height - GLYPH_HEIGHT - 2, TEXT);
  for (const line of series) {
    for (let index = 1; index < line.values.length; index++) {
      const [previous, current] = [line.values[index - 1]!, line.values[index]!];
      if (!Number.isFinite(previous) || !Number.isFinite(current)) continue;
      drawLine(raster, xAt(index - 1), yAt(previous), xAt(index), yAt(current), line.color);
    }
  }
  return raster;
}

/** Multiples of a round step (1, 2 or 5 × 10ᵏ) in [first, last], about four of them; [first] for one point. */
export function roundTicks(first: number, last: number): number[] {
  if (last <= first) return [first];
  const raw = (last - first) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw)!;
  const ticks: number[] = [];
  for (let tick = Math.ceil(first / step) * step; tick <= last; tick += step) ticks.push(tick);
  return ticks;
}

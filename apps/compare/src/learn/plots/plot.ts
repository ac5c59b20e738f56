import { FONT, PALETTE, SMALL_FONT } from './palette.js';

/** A data-space window. */
export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A rectangle in CSS pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type AxisScale = 'linear' | 'log';

export interface LineStyle {
  color: string;
  width?: number;
  dash?: readonly number[];
  alpha?: number;
}

/** A rectangle of the canvas that maps data coordinates (y up) to pixels (y down). */
export class Panel {
  constructor(
    readonly context: CanvasRenderingContext2D,
    readonly rect: Rect,
    readonly bounds: Bounds,
    readonly xScale: AxisScale = 'linear',
    readonly yScale: AxisScale = 'linear',
  ) {}

  /** Pixel x of data x. */
  x(value: number): number {
    const { xMin, xMax } = this.bounds;
    return this.rect.left + this.rect.width * fraction(value, xMin, xMax, this.xScale);
  }

  /** Pixel y of data y. */
  y(value: number): number {
    const { yMin, yMax } = this.bounds;
    return this.rect.top + this.rect.height * (1 - fraction(value, yMin, yMax, this.yScale));
  }

  /** Data x of pixel x (the inverse of `x`). */
  dataX(pixel: number): number {
    const { xMin, xMax } = this.bounds;
    return unfraction((pixel - this.rect.left) / this.rect.width, xMin, xMax, this.xScale);
  }

  /** Data y of pixel y (the inverse of `y`). */
  dataY(pixel: number): number {
    const { yMin, yMax } = this.bounds;
    return unfraction(1 - (pixel - this.rect.top) / this.rect.height, yMin, yMax, this.yScale);
  }

  /** Runs `draw` clipped to the panel. */
  clipped(draw: () => void): void {
    const { context, rect } = this;
    context.save();
    context.beginPath();
    context.rect(rect.left, rect.top, rect.width, rect.height);
    context.clip();
    draw();
    context.restore();
  }
}

function fraction(value: number, low: number, high: number, scale: AxisScale): number {
  if (scale === 'log') return (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low));
  return (value - low) / (high - low);
}

function unfraction(position: number, low: number, high: number, scale: AxisScale): number {
  if (scale === 'log') return Math.exp(Math.log(low) + position * (Math.log(high) - Math.log(low)));
  return low + position * (high - low);
}

/** `rect` shrunk by margins (CSS pixels) on each side. */
export function inset(rect: Rect, top: number, right: number, bottom: number, left: number): Rect {
  return {
    left: rect.left + left,
    top: rect.top + top,
    width: rect.width - left - right,
    height: rect.height - top - bottom,
  };
}

/** About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  const rawStep = (high - low) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step =
    [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rawStep) ?? rawStep;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step - 1e-9) * step; tick <= high + step * 1e-9; tick += step) {
    ticks.push(Math.abs(tick) < step * 1e-9 ? 0 : tick);
  }
  return ticks;
}

/** The powers of ten in [low, high] (for log axes). */
export function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let power = Math.ceil(Math.log10(low) - 1e-9); power <= Math.floor(Math.log10(high) + 1e-9); power++) {
    ticks.push(10 ** power);
  }
  return ticks;
}

/** A short label for a tick value. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const size = Math.abs(value);
  if (size >= 1e4 || size < 1e-2) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

export interface AxesOptions {
  xLabel?: string;
  yLabel?: string;
  /** Ticks to draw (default: nice ticks, or powers of ten on a log axis); [] for none. */
  xTicks?: number[];
  yTicks?: number[];
  /** Lines x = 0 and y = 0, darker than the grid. */
  zeroLines?: boolean;
}

/** Grid, frame, tick labels (outside the panel: leave ≈ 30 px left and 18 px below) and axis labels. */
export function drawAxes(panel: Panel, options: AxesOptions = {}): void {
  const { context, rect, bounds } = panel;
  const xTicks =
    options.xTicks ??
    (panel.xScale === 'log' ? logTicks(bounds.xMin, bounds.xMax) : niceTicks(bounds.xMin, bounds.xMax));
  const yTicks =
    options.yTicks ??
    (panel.yScale === 'log' ? logTicks(bounds.yMin, bounds.yMax) : niceTicks(bounds.yMin, bounds.yMax, 4));
  context.save();
  context.lineWidth = 1;
  context.strokeStyle = PALETTE.grid;
  context.beginPath();
  for (const tick of xTicks) {
    const x = Math.round(panel.x(tick)) + 0.5;
    context.moveTo(x, rect.top);
    context.lineTo(x, rect.top + rect.height);
  }
  for (const tick of yTicks) {
    const y = Math.round(panel.y(tick)) + 0.5;
    context.moveTo(rect.left, y);
    context.lineTo(rect.left + rect.width, y);
  }
  context.stroke();
  if (options.zeroLines) {
    context.strokeStyle = PALETTE.muted;
    context.globalAlpha = 0.5;
    context.beginPath();
    if (bounds.xMin < 0 && bounds.xMax > 0) {
      context.moveTo(panel.x(0), rect.top);
      context.lineTo(panel.x(0), rect.top + rect.height);
    }
    if (bounds.yMin < 0 && bounds.yMax > 0) {
      context.moveTo(rect.left, panel.y(0));
      context.lineTo(rect.left + rect.width, panel.y(0));
    }
    context.stroke();
    context.globalAlpha = 1;
  }
  context.strokeStyle = PALETTE.muted;
  context.strokeRect(rect.left + 0.5, rect.top + 0.5, rect.width - 1, rect.height - 1);
  context.fillStyle = PALETTE.muted;
  context.font = SMALL_FONT;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const tick of xTicks) context.fillText(formatTick(tick), panel.x(tick), rect.top + rect.height + 3);
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of yTicks) context.fillText(formatTick(tick), rect.left - 4, panel.y(tick));
  context.fillStyle = PALETTE.ink;
  context.font = FONT;
  if (options.xLabel) {
    context.textAlign = 'right';
    context.textBaseline = 'bottom';
    context.fillText(options.xLabel, rect.left + rect.width - 4, rect.top + rect.height - 3);
  }
  if (options.yLabel) {
    context.textAlign = 'left';
    context.textBaseline = 'top';
    context.fillText(options.yLabel, rect.left + 4, rect.top + 4);
  }
  context.restore();
}

/** A title above the panel, left-aligned. */
export function drawTitle(panel: Panel, title: string, color: string = PALETTE.ink): void {
  const { context, rect } = panel;
  context.save();
  context.fillStyle = color;
  context.font = FONT;
  context.textAlign = 'left';
  context.textBaseline = 'bottom';
  context.fillText(title, rect.left, rect.top - 3);
  context.restore();
}

function applyLineStyle(context: CanvasRenderingContext2D, style: LineStyle): void {
  context.strokeStyle = style.color;
  context.lineWidth = style.width ?? 1.5;
  context.setLineDash(style.dash ? [...style.dash] : []);
  context.globalAlpha = style.alpha ?? 1;
  context.lineJoin = 'round';
  context.lineCap = 'round';
}

/** y(x) as a line through (xs[i], ys[i]); a non-finite value breaks the line. Clipped to the panel. */
export function drawCurve(
  panel: Panel,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  style: LineStyle,
): void {
  const { context } = panel;
  panel.clipped(() => {
    applyLineStyle(context, style);
    context.beginPath();
    let penDown = false;
    for (let i = 0; i < xs.length; i++) {
      const [x, y] = [xs[i]!, ys[i]!];
      if (!(Number.isFinite(x) && Number.isFinite(y))) {
        penDown = false;
        continue;
      }
      const [px, py] = [panel.x(x), clampPixel(panel.y(y))];
      if (penDown) context.lineTo(px, py);
      else context.moveTo(px, py);
      penDown = true;
    }
    context.stroke();
  });
}

/** Keeps huge pixel values (a curve running off to ±∞) within what canvas paths handle well. */
function clampPixel(value: number): number {
  return Math.max(-1e5, Math.min(1e5, value));
}

/** Path of sample `index` through frames 0 … `lastFrame` (each frame (N, 2)). */
export function drawTrajectory(
  panel: Panel,
  frames: readonly Float32Array[],
  index: number,
  lastFrame: number,
  style: LineStyle,
): void {
  const { context } = panel;
  panel.clipped(() => {
    applyLineStyle(context, style);
    context.beginPath();
    for (let frame = 0; frame <= Math.min(lastFrame, frames.length - 1); frame++) {
      const points = frames[frame]!;
      const [px, py] = [clampPixel(panel.x(points[2 * index]!)), clampPixel(panel.y(points[2 * index + 1]!))];
      if (frame === 0) context.moveTo(px, py);
      else context.lineTo(px, py);
    }
    context.stroke();
  });
}

export interface DotStyle {
  color: string;
  radius?: number;
  alpha?: number;
  /** Outline instead of fill. */
  hollow?: boolean;
}

/** A dot at each point of (N, 2). */
export function drawDots(panel: Panel, points: ArrayLike<number>, style: DotStyle): void {
  const { context } = panel;
  const radius = style.radius ?? 2.5;
  panel.clipped(() => {
    context.globalAlpha = style.alpha ?? 1;
    context.fillStyle = style.color;
    context.strokeStyle = style.color;
    context.lineWidth = 1.2;
    context.setLineDash([]);
    for (let i = 0; i + 1 < points.length; i += 2) {
      context.beginPath();
      context.arc(panel.x(points[i]!), panel.y(points[i + 1]!), radius, 0, 2 * Math.PI);
      if (style.hollow) context.stroke();
      else context.fill();
    }
  });
}

/** A circle of data radius `radius` around (x, y) (equal x and y scales assumed). */
export function drawCircle(panel: Panel, x: number, y: number, radius: number, style: LineStyle): void {
  const { context } = panel;
  const pixelRadius = Math.abs(panel.x(x + radius) - panel.x(x));
  panel.clipped(() => {
    applyLineStyle(context, style);
    context.beginPath();
    context.arc(panel.x(x), panel.y(y), pixelRadius, 0, 2 * Math.PI);
    context.stroke();
  });
}

/** An arrow between two pixel positions, with a filled head of `headSize` pixels. */
export function drawArrow(
  context: CanvasRenderingContext2D,
  from: readonly [number, number],
  to: readonly [number, number],
  style: LineStyle & { headSize?: number },
): void {
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  const length = Math.hypot(dx, dy);
  if (!(length > 0.5)) return;
  const head = Math.min(style.headSize ?? 7, length * 0.6);
  const [ux, uy] = [dx / length, dy / length];
  const base: [number, number] = [to[0] - ux * head, to[1] - uy * head];
  context.save();
  applyLineStyle(context, style);
  context.beginPath();
  context.moveTo(from[0], from[1]);
  context.lineTo(base[0], base[1]);
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = style.color;
  context.beginPath();
  context.moveTo(to[0], to[1]);
  context.lineTo(base[0] - uy * head * 0.45, base[1] + ux * head * 0.45);
  context.lineTo(base[0] + uy * head * 0.45, base[1] - ux * head * 0.45);
  context.closePath();
  context.fill();
  context.restore();
}

/** An arrow between two data points of the panel. */
export function drawDataArrow(
  panel: Panel,
  from: readonly [number, number],
  to: readonly [number, number],
  style: LineStyle & { headSize?: number },
): void {
  panel.clipped(() =>
    drawArrow(panel.context, [panel.x(from[0]), panel.y(from[1])], [panel.x(to[0]), panel.y(to[1])], style),
  );
}

/**
 * Pixels per unit of vector length such that the 90th-percentile vector spans `pixels` (a quiver scale that
 * ignores a few huge vectors).
 */
export function quiverScale(vectors: ArrayLike<number>, pixels: number): number {
  const lengths: number[] = [];
  for (let i = 0; i + 1 < vectors.length; i += 2) lengths.push(Math.hypot(vectors[i]!, vectors[i + 1]!));
  lengths.sort((a, b) => a - b);
  const typical = lengths[Math.floor(0.9 * (lengths.length - 1))] ?? 0;
  return typical > 0 ? pixels / typical : 0;
}

export interface QuiverStyle extends LineStyle {
  /** Pixels per unit of vector length (see `quiverScale`). */
  pixelsPerUnit: number;
  /** Longest arrow drawn, in pixels (longer ones are shortened). */
  maxPixels: number;
}

/** An arrow at each point (N, 2) along its vector (N, 2); `sign` −1 draws −v. */
export function drawQuiver(
  panel: Panel,
  points: ArrayLike<number>,
  vectors: ArrayLike<number>,
  style: QuiverStyle,
  sign = 1,
): void {
  panel.clipped(() => {
    for (let i = 0; i + 1 < points.length; i += 2) {
      const [px, py] = [panel.x(points[i]!), panel.y(points[i + 1]!)];
      let [dx, dy] = [
        sign * vectors[i]! * style.pixelsPerUnit,
        -sign * vectors[i + 1]! * style.pixelsPerUnit,
      ];
      const length = Math.hypot(dx, dy);
      if (!Number.isFinite(length)) continue;
      if (length > style.maxPixels)
        [dx, dy] = [(dx * style.maxPixels) / length, (dy * style.maxPixels) / length];
      drawArrow(panel.context, [px - dx / 2, py - dy / 2], [px + dx / 2, py + dy / 2], {
        ...style,
        headSize: 4,
      });
    }
  });
}

export interface LegendEntry {
  label: string;
  color: string;
  dash?: readonly number[];
}

/** A legend box, top-left at (x, y) in pixels; entries wrap to new rows within `maxWidth`. */
export function drawLegend(
  context: CanvasRenderingContext2D,
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  maxWidth: number,
): void {
  context.save();
  context.font = SMALL_FONT;
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  let [cursorX, cursorY] = [x, y + 7];
  for (const entry of entries) {
    const width = 22 + context.measureText(entry.label).width + 12;
    if (cursorX + width > x + maxWidth && cursorX > x) [cursorX, cursorY] = [x, cursorY + 16];
    applyLineStyle(context, { color: entry.color, width: 2.5, ...(entry.dash ? { dash: entry.dash } : {}) });
    context.beginPath();
    context.moveTo(cursorX, cursorY);
    context.lineTo(cursorX + 16, cursorY);
    context.stroke();
    context.globalAlpha = 1;
    context.fillStyle = PALETTE.ink;
    context.fillText(entry.label, cursorX + 21, cursorY);
    cursorX += width;
  }
  context.restore();
}

/** Text at a pixel position. */
export function drawLabel(
  context: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  options: { color?: string; align?: CanvasTextAlign; baseline?: CanvasTextBaseline; font?: string } = {},
): void {
  context.save();
  context.fillStyle = options.color ?? PALETTE.ink;
  context.font = options.font ?? FONT;
  context.textAlign = options.align ?? 'left';
  context.textBaseline = options.baseline ?? 'alphabetic';
  context.fillText(text, x, y);
  context.restore();
}

/** Lines of text centred in a rectangle (for "model not available" and similar states). */
export function drawMessage(context: CanvasRenderingContext2D, rect: Rect, lines: readonly string[]): void {
  context.save();
  context.fillStyle = 'rgba(255, 255, 255, 0.85)';
  context.fillRect(rect.left, rect.top, rect.width, rect.height);
  context.fillStyle = PALETTE.ink;
  context.font = FONT;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  const middle = rect.top + rect.height / 2 - ((lines.length - 1) * 16) / 2;
  lines.forEach((line, i) => {
    context.fillText(line, rect.left + rect.width / 2, middle + 16 * i, rect.width - 16);
  });
  context.restore();
}

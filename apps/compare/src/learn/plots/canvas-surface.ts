import { PALETTE } from './palette.js';

/** A canvas ready to draw on in CSS pixels (the backing store is at devicePixelRatio). */
export interface CanvasSurface {
  canvas: HTMLCanvasElement;
  context: CanvasRenderingContext2D;
  /** Drawing width and height in CSS pixels. */
  width: number;
  height: number;
}

/** Width used while the canvas is not laid out (a hidden tab): redrawn at the real width once shown. */
const FALLBACK_WIDTH = 600;

/** The canvas's displayed width in CSS pixels (its container's, since the CSS gives it width 100%). */
export function displayedWidth(canvas: HTMLCanvasElement): number {
  const width = canvas.clientWidth || canvas.parentElement?.clientWidth || FALLBACK_WIDTH;
  return Math.max(160, Math.round(width));
}

/**
 * Sizes the backing store to displayed width × (width · aspect) at devicePixelRatio, so lines stay sharp
 * on phones, clears it to the figure background and returns a context that draws in CSS pixels.
 */
export function prepareCanvas(canvas: HTMLCanvasElement, aspect: number): CanvasSurface {
  const width = displayedWidth(canvas);
  const height = Math.round(width * aspect);
  const ratio = globalThis.devicePixelRatio || 1;
  const [backingWidth, backingHeight] = [Math.round(width * ratio), Math.round(height * ratio)];
  if (canvas.width !== backingWidth) canvas.width = backingWidth;
  if (canvas.height !== backingHeight) canvas.height = backingHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('the browser gave no 2-D canvas context');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = PALETTE.background;
  context.fillRect(0, 0, width, height);
  return { canvas, context, width, height };
}

/** Tells the page test (and anyone else) that this canvas has drawn its content at least once. */
export function markDrawn(canvas: HTMLCanvasElement): void {
  canvas.dataset['drawn'] = 'true';
}

/** Calls `redraw` (once per frame at most) whenever the canvas's displayed width changes. */
export function redrawOnResize(canvas: HTMLCanvasElement, redraw: () => void): void {
  if (typeof ResizeObserver === 'undefined') return;
  let lastWidth = canvas.clientWidth;
  let scheduled = false;
  new ResizeObserver(() => {
    const width = canvas.clientWidth;
    if (width === lastWidth || width === 0) return;
    lastWidth = width;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      redraw();
    });
  }).observe(canvas);
}

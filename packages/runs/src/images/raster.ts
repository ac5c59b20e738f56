/** An 8-bit RGB image in memory, row-major: pixel (x, y) is at 3·(y·width + x). */
export interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array; // (height, width, 3)
}

export type Color = readonly [number, number, number];

export function createRaster(width: number, height: number, background: Color = [255, 255, 255]): Raster {
  const pixels = new Uint8Array(width * height * 3);
  for (let offset = 0; offset < pixels.length; offset += 3) pixels.set(background, offset);
  return { width, height, pixels };
}

/** Sets one pixel; coordinates outside the raster are ignored. */
export function setPixel(raster: Raster, x: number, y: number, color: Color): void {
  const [column, row] = [Math.round(x), Math.round(y)];
  if (column < 0 || row < 0 || column >= raster.width || row >= raster.height) return;
  raster.pixels.set(color, 3 * (row * raster.width + column));
}

/** A straight line by DDA: one pixel per step along the longer axis. */
export function drawLine(raster: Raster, x0: number, y0: number, x1: number, y1: number, color: Color): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  for (let step = 0; step <= steps; step++) {
    const fraction = step / steps;
    setPixel(raster, x0 + (x1 - x0) * fraction, y0 + (y1 - y0) * fraction, color);
  }
}

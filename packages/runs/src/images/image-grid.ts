import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font.js';
import { createRaster, type Raster } from './raster.js';

export interface ImageGridOptions {
  /** A label drawn left of each row (e.g. its class); none when absent. */
  rowLabels?: readonly string[];
  /** Each pixel drawn as a scale × scale block (1, 2 or 4: nearest neighbour, for small images). */
  scale?: number;
}

/**
 * Tiles images (rows · columns, C, H, W) with values in [−1, 1] into one raster, image r·columns + c at
 * grid row r, column c, with a 2-pixel gap. One channel is drawn as grey, three as RGB.
 */
export function imageGrid(
  images: Float32Array,
  rows: number,
  columns: number,
  imageShape: readonly number[],
  options: ImageGridOptions = {},
): Raster {
  const [channels, height, width] = imageShape as [number, number, number];
  const gap = 2;
  const labels = options.rowLabels;
  const margin = labels ? Math.max(...labels.map(textWidth)) + 2 * gap : 0;
  const raster = createRaster(
    margin + gap + columns * (width + gap),
    gap + rows * (height + gap),
    [40, 40, 40],
  );
  labels?.forEach((label, row) => {
    const top = gap + row * (height + gap) + Math.floor((height - GLYPH_HEIGHT) / 2);
    drawText(raster, label, gap, top, [230, 230, 230]);
  });
  const imageSize = channels * height * width;
  for (let index = 0; index < rows * columns; index++) {
    const [originX, originY] = [
      margin + gap + (index % columns) * (width + gap),
      gap + Math.floor(index / columns) * (height + gap),
    ];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const offset = 3 * ((originY + y) * raster.width + originX + x);
        for (let color = 0; color < 3; color++) {
          const channel = channels === 3 ? color : 0;
          const value = images[index * imageSize + channel * height * width + y * width + x]!; // [−1, 1]
          raster.pixels[offset + color] = Math.max(0, Math.min(255, Math.round((value + 1) * 127.5)));
        }
      }
    }
  }
  return scaleRaster(raster, options.scale ?? 1);
}

/** Nearest-neighbour upscaling: every pixel becomes a `factor` × `factor` block. */
export function scaleRaster(raster: Raster, factor: number): Raster {
  if (factor === 1) return raster;
  const scaled = createRaster(raster.width * factor, raster.height * factor);
  for (let y = 0; y < scaled.height; y++) {
    for (let x = 0; x < scaled.width; x++) {
      const source = 3 * (Math.floor(y / factor) * raster.width + Math.floor(x / factor));
      scaled.pixels.set(raster.pixels.subarray(source, source + 3), 3 * (y * scaled.width + x));
    }
  }
  return scaled;
}

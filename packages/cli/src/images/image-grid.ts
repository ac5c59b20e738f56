import { createRaster, type Raster } from './raster.js';

/**
 * Tiles images (rows · columns, C, H, W) with values in [−1, 1] into one raster, image r·columns + c at
 * grid row r, column c, with a 2-pixel gap. One channel is drawn as grey, three as RGB.
 */
export function imageGrid(
  images: Float32Array,
  rows: number,
  columns: number,
  imageShape: readonly number[],
): Raster {
  const [channels, height, width] = imageShape as [number, number, number];
  const gap = 2;
  const raster = createRaster(gap + columns * (width + gap), gap + rows * (height + gap), [40, 40, 40]);
  const imageSize = channels * height * width;
  for (let index = 0; index < rows * columns; index++) {
    const [originX, originY] = [
      gap + (index % columns) * (width + gap),
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
  return raster;
}

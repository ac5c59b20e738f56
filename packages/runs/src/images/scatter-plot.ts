import { type Color, createRaster, type Raster, setPixel } from './raster.js';

const PALETTE: readonly Color[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
];

/** 2D points (N, 2) coloured by label, in a fixed window [−2, 3] × [−1.5, 2] that fits two moons. */
export function scatterPlot(points: Float32Array, labels: Int32Array, size = 400): Raster {
  const raster = createRaster(size, size);
  const [xLow, xHigh, yLow, yHigh] = [-2, 3, -1.5, 2];
  for (let index = 0; index < labels.length; index++) {
    const x = ((points[2 * index]! - xLow) / (xHigh - xLow)) * (size - 1);
    const y = (1 - (points[2 * index + 1]! - yLow) / (yHigh - yLow)) * (size - 1);
    const color = PALETTE[labels[index]! % PALETTE.length]!;
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const)
      setPixel(raster, x + dx, y + dy, color);
  }
  return raster;
}

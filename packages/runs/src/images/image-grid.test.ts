import { describe, expect, it } from 'vitest';
import { imageGrid } from './image-grid.js';

describe('imageGrid', () => {
  it('puts image r·columns + c at row r, column c, mapping [−1, 1] to 0…255', () => {
    // Four 1×2×2 images with constant values −1, −0.5, 0.5, 1, in a 2 × 2 grid.
    const values = [-1, -0.5, 0.5, 1];
    const images = Float32Array.from({ length: 16 }, (_, index) => values[Math.floor(index / 4)]!);
    const grid = imageGrid(images, 2, 2, [1, 2, 2]);
    expect([grid.width, grid.height]).toEqual([2 + 2 * 4, 2 + 2 * 4]);
    const grey = (x: number, y: number) => grid.pixels[3 * (y * grid.width + x)];
    expect([grey(2, 2), grey(6, 2), grey(2, 6), grey(7, 7)]).toEqual([0, 64, 191, 255]);
    expect(grey(0, 0)).toBe(40); // the gap
  });

  it('draws row labels in a left margin and scales every pixel to a block', () => {
    const images = new Float32Array(2 * 28 * 28).fill(1); // two white 28×28 images, one per row
    const plain = imageGrid(images, 2, 1, [1, 28, 28]);
    const labelled = imageGrid(images, 2, 1, [1, 28, 28], { rowLabels: ['3', '7'] });
    const margin = labelled.width - plain.width;
    expect(margin).toBe(5 + 4); // a 5-pixel glyph and a gap either side
    const grey = (raster: typeof plain, x: number, y: number) => raster.pixels[3 * (y * raster.width + x)];
    // The label '3' is drawn in its row's margin (light pixels), the image starts after the margin.
    const labelPixels = Array.from({ length: 7 * 5 }, (_, i) =>
      grey(labelled, 2 + (i % 5), 2 + 10 + Math.floor(i / 5)),
    );
    expect(labelPixels.some((value) => value === 230)).toBe(true);
    expect(grey(labelled, margin + 2, 2)).toBe(255);
    const scaled = imageGrid(images, 2, 1, [1, 28, 28], { scale: 4 });
    expect([scaled.width, scaled.height]).toEqual([plain.width * 4, plain.height * 4]);
    for (const [x, y] of [
      [0, 0],
      [9, 9],
      [11, 13],
      [100, 200],
    ] as const) {
      expect(grey(scaled, x, y)).toBe(grey(plain, Math.floor(x / 4), Math.floor(y / 4)));
    }
  });
});

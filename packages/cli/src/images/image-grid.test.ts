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
});

import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { randomShift } from './random-shift.js';

describe('randomShift', () => {
  it('moves each image by its own offset within ±maxShift and fills the uncovered border', () => {
    const [batch, height, width] = [50, 5, 6];
    const images = Float32Array.from({ length: batch * height * width }, (_, index) => index + 1); // all > 0
    const shifted = randomShift(images, batch, height, width, 2, createRng(3));
    const seen = new Set<string>();
    for (let image = 0; image < batch; image++) {
      const at = (source: Float32Array, row: number, col: number) =>
        source[image * height * width + row * width + col]!;
      // Recover the offset from where the original first pixel landed (or from the fill pattern).
      let found: [number, number] | undefined;
      for (let dy = -2; dy <= 2 && !found; dy++) {
        for (let dx = -2; dx <= 2 && !found; dx++) {
          let matches = true;
          for (let row = 0; row < height && matches; row++) {
            for (let col = 0; col < width && matches; col++) {
              const [sourceRow, sourceCol] = [row - dy, col - dx];
              const inside = sourceRow >= 0 && sourceRow < height && sourceCol >= 0 && sourceCol < width;
              const expected = inside ? at(images, sourceRow, sourceCol) : -1;
              matches = at(shifted, row, col) === expected;
            }
          }
          if (matches) found = [dy, dx];
        }
      }
      expect(found, `image ${image}`).toBeDefined();
      seen.add(String(found));
    }
    expect(seen.size).toBeGreaterThan(10); // 25 possible offsets, 50 images: not one fixed shift
  });

  it('is deterministic for a seed', () => {
    const images = Float32Array.from({ length: 4 * 28 * 28 }, (_, index) => Math.sin(index));
    expect(randomShift(images, 4, 28, 28, 2, createRng(9))).toEqual(
      randomShift(images, 4, 28, 28, 2, createRng(9)),
    );
  });
});

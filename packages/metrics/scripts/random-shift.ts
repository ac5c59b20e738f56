import type { Rng } from '@latentlab/tensor';

/**
 * Training augmentation for the classifiers: every image moved by a random whole-pixel offset in
 * [−maxShift, maxShift] along each axis, uncovered pixels set to `background` (−1 = black in [−1, 1]).
 * images: (B, 1, H, W), returned as a new array of the same shape.
 */
export function randomShift(
  images: Float32Array,
  batch: number,
  height: number,
  width: number,
  maxShift: number,
  rng: Rng,
  background = -1,
): Float32Array {
  const shifted = new Float32Array(images.length).fill(background);
  const offsets = rng.randint(2 * batch, -maxShift, maxShift + 1); // (B, 2): dy, dx
  const size = height * width;
  for (let image = 0; image < batch; image++) {
    const dy = offsets[2 * image]!;
    const dx = offsets[2 * image + 1]!;
    for (let row = Math.max(0, dy); row < Math.min(height, height + dy); row++) {
      for (let col = Math.max(0, dx); col < Math.min(width, width + dx); col++) {
        shifted[image * size + row * width + col] = images[image * size + (row - dy) * width + (col - dx)]!;
      }
    }
  }
  return shifted;
}

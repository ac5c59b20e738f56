import { type Tensor, tensor } from '@latentlab/tensor';
import { DataArgumentError } from './errors.js';

/** The interval pixel values are mapped to: [low, high], 0 ↦ low and 255 ↦ high. */
export type PixelRange = readonly [low: number, high: number];

export interface PixelRangeOption {
  /** Default [−1, 1], the range diffusion and flow models are trained in. */
  range?: PixelRange;
}

const MAX_PIXEL = 255;

function checkRange(range: PixelRange, caller: string): void {
  const [low, high] = range;
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
    throw new DataArgumentError(
      `${caller}: range [${low}, ${high}]; expected finite numbers with low < high`,
    );
  }
}

/**
 * uint8 images as float32 NCHW in `range`: (N, H, W) → (N, 1, H, W), or (N, C, H, W) kept as is.
 * x ↦ low + x·(high − low)/255, so with [−1, 1] it is x/127.5 − 1: exactly −1 at 0 and 1 at 255.
 */
export function toFloatImages(
  images: Tensor<'uint8'>,
  { range = [-1, 1] }: PixelRangeOption = {},
): Tensor<'float32'> {
  checkRange(range, 'toFloatImages');
  if (images.dtype !== 'uint8' || (images.shape.length !== 3 && images.shape.length !== 4)) {
    throw new DataArgumentError(
      `toFloatImages: got ${images.dtype} of shape [${images.shape.join(', ')}]; expected uint8 (N, H, W) or (N, C, H, W)`,
    );
  }
  const [low, high] = range;
  const scaledLevels = new Float32Array(MAX_PIXEL + 1); // (256) the value of each pixel level
  for (let level = 0; level <= MAX_PIXEL; level++) {
    scaledLevels[level] = low + (level * (high - low)) / MAX_PIXEL;
  }
  const values = new Float32Array(images.data.length);
  for (let i = 0; i < values.length; i++) values[i] = scaledLevels[images.data[i]!]!;
  const [count, ...rest] = images.shape as [number, ...number[]];
  const shape = rest.length === 2 ? [count, 1, ...rest] : [count, ...rest]; // (N, C, H, W)
  return tensor(values, shape);
}

/**
 * The inverse, for viewing or saving generated samples: float32 values in `range` to uint8, rounded to the
 * nearest level and clamped to 0–255 (NaN ↦ 0). The shape is kept.
 */
export function toUint8Images(
  images: Tensor<'float32'>,
  { range = [-1, 1] }: PixelRangeOption = {},
): Tensor<'uint8'> {
  checkRange(range, 'toUint8Images');
  const [low, high] = range;
  const pixels = new Uint8Array(images.data.length);
  for (let i = 0; i < pixels.length; i++) {
    const level = Math.round(((images.data[i]! - low) / (high - low)) * MAX_PIXEL);
    pixels[i] = Math.min(MAX_PIXEL, Math.max(0, level)); // a NaN level is stored as 0
  }
  return tensor(pixels, images.shape, 'uint8');
}

import type { Tensor } from '@latentlab/tensor';
import { DataArgumentError } from './errors.js';

/** Which part of a dataset to load. */
export type DatasetSplit = 'train' | 'test';

/** Images with one class label each, as every loader returns them. */
export interface LabeledImages {
  /** (N, 28, 28) uint8 pixels, 0 = background (black), 255 = ink / full intensity. */
  images: Tensor<'uint8'>;
  /** (N) int32 class labels, 0–9. */
  labels: Tensor<'int32'>;
}

export function checkSplit(split: unknown, loader: string): DatasetSplit {
  if (split !== 'train' && split !== 'test') {
    throw new DataArgumentError(`${loader}: split ${JSON.stringify(split)}; expected 'train' or 'test'`);
  }
  return split;
}

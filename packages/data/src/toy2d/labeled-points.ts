import type { Tensor } from '@latentlab/tensor';
import { DataArgumentError } from '../errors.js';

/** A toy 2D data set: points and the part of the distribution each was drawn from. */
export interface LabeledPoints {
  /** (n, 2) float32 (x, y) coordinates. */
  points: Tensor<'float32'>;
  /** (n) int32: which moon, square or mixture component each point came from. */
  labels: Tensor<'int32'>;
}

export function checkPointCount(n: number, generator: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new DataArgumentError(`${generator}: n = ${n}; expected a non-negative integer`);
  }
}

export function checkNonNegative(value: number, name: string, generator: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DataArgumentError(`${generator}: ${name} = ${value}; expected a finite number ≥ 0`);
  }
}

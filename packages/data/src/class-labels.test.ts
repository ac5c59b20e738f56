import { tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { toClassLabels } from './class-labels.js';
import { DatasetFormatError } from './errors.js';

describe('toClassLabels', () => {
  it('converts labels 0–9 to int32', () => {
    const labels = toClassLabels(tensor(Uint8Array.from([5, 0, 9]), [3], 'uint8'), 10, 'labels');
    expect(labels.dtype).toBe('int32');
    expect(Array.from(labels.data)).toEqual([5, 0, 9]);
  });

  it('names the file and the first label outside 0–9', () => {
    const run = () => toClassLabels(tensor(Uint8Array.from([1, 2, 10, 11]), [4], 'uint8'), 10, 'bad-labels');
    expect(run).toThrow(DatasetFormatError);
    expect(run).toThrow('bad-labels: label 2: expected a class index 0–9, found 10');
  });
});

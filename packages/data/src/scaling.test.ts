import { tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { DataArgumentError } from './errors.js';
import { toFloatImages, toUint8Images } from './scaling.js';

const everyLevel = tensor(
  Uint8Array.from({ length: 256 }, (_, i) => i),
  [1, 16, 16],
  'uint8',
);

describe('toFloatImages', () => {
  it('maps (N, H, W) uint8 to (N, 1, H, W) float32, 0 → −1 and 255 → 1 exactly', () => {
    const scaled = toFloatImages(everyLevel);
    expect(scaled.shape).toEqual([1, 1, 16, 16]);
    expect(scaled.dtype).toBe('float32');
    expect(scaled.data[0]).toBe(-1);
    expect(scaled.data[255]).toBe(1);
    for (let level = 0; level < 256; level++) expect(scaled.data[level]).toBe(Math.fround(level / 127.5 - 1));
  });

  it('maps to another range and keeps an existing channel axis', () => {
    const nchw = tensor(Uint8Array.from([0, 51, 255]), [1, 3, 1, 1], 'uint8');
    const scaled = toFloatImages(nchw, { range: [0, 1] });
    expect(scaled.shape).toEqual([1, 3, 1, 1]);
    expect(Array.from(scaled.data)).toEqual([0, Math.fround(0.2), 1]);
  });

  it('rejects other shapes and empty ranges', () => {
    expect(() => toFloatImages(tensor(new Uint8Array(4), [4], 'uint8'))).toThrow(DataArgumentError);
    expect(() => toFloatImages(everyLevel, { range: [1, 1] })).toThrow('range [1, 1]');
  });
});

describe('toUint8Images', () => {
  it('inverts toFloatImages exactly and clamps out-of-range values', () => {
    expect(toUint8Images(toFloatImages(everyLevel)).data).toEqual(everyLevel.data);
    const outside = toUint8Images(tensor([-3, 3, Number.NaN, 0], [4]));
    expect(Array.from(outside.data)).toEqual([0, 255, 0, 128]);
  });
});

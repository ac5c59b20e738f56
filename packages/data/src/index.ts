export {
  BatchIterator,
  type BatchIteratorOptions,
  type BatchIteratorState,
  type IndexBatch,
} from './batching/batch-iterator.js';
export { batchesPerEpoch, type DropLastOption, epochBatches, epochOrder } from './batching/epoch-batches.js';
export { gatherBatch, gatherRows } from './batching/gather-batch.js';
export { toClassLabels } from './class-labels.js';
export {
  gunzipIfCompressed,
  gunzipPrefix,
  isGzip,
  MAX_DECOMPRESSED_BYTES,
  readDatasetFile,
  readRawDatasetFile,
} from './dataset-file.js';
export { DataArgumentError, DatasetFormatError, DatasetNotFoundError } from './errors.js';
export {
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_IMAGES_PER_CLASS,
  FASHION_MNIST_TEST_IMAGES_PER_CLASS,
  fashionMnistPackageFiles,
  type LoadFashionMnistOptions,
  loadFashionMnist,
} from './fashion-mnist.js';
export { type ClassImages, parseFashionMnistClassFile } from './fashion-mnist-json.js';
export {
  expectIdxShape,
  IDX_UINT8,
  type IdxHeader,
  idxMagicNumber,
  parseIdx,
  parseIdxHeader,
} from './idx.js';
export { encodeIdx } from './idx-encode.js';
export { readIdxFile } from './idx-file.js';
export type { DatasetSplit, LabeledImages } from './labeled-images.js';
export {
  type LoadMnistOptions,
  loadMnist,
  MNIST_CLASS_COUNT,
  MNIST_IMAGE_SIZE,
  type MnistFiles,
  mnistPackageFiles,
} from './mnist.js';
export { type PixelRange, type PixelRangeOption, toFloatImages, toUint8Images } from './scaling.js';
export { CHECKERBOARD_EXTENT, checkerboard } from './toy2d/checkerboard.js';
export {
  type GaussianMixtureShape,
  gaussianMixture2d,
  gaussianMixtureCenters,
} from './toy2d/gaussian-mixture.js';
export type { LabeledPoints } from './toy2d/labeled-points.js';
export { twoMoons } from './toy2d/two-moons.js';

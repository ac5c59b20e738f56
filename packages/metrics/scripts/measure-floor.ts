/**
 * Measures the real-vs-real floor of a trained classifier — classifier FID between the first 10,000 train
 * images and the 10,000 test images — and stores it in the weights file's metadata (`fid_floor`).
 *   tsx scripts/measure-floor.ts mnist [key=value …]   (or fashion-mnist; extra metadata entries to add)
 * train-classifier.ts runs it after training.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gatherRows, type LabeledImages, loadFashionMnist, loadMnist, toFloatImages } from '@latentlab/data';
import { type ParamStore, writeSafetensors } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { runClassifier } from '../src/features.js';
import { featureFrechetDistance } from '../src/frechet-distance.js';
import { classifierWeightsPath, parseClassifierWeights } from '../src/load.js';
import type { ClassifierDataset } from '../src/weights-file.js';

export const FLOOR_SAMPLES = 10_000;

/** Classifier FID between the first 10,000 train and the 10,000 test images of `dataset`. */
export function measureFloor(dataset: ClassifierDataset, params: ParamStore): number {
  const load = (split: 'train' | 'test'): LabeledImages =>
    dataset === 'mnist' ? loadMnist({ split }) : loadFashionMnist({ split });
  const first = Array.from({ length: FLOOR_SAMPLES }, (_, i) => i);
  const train = toFloatImages(gatherRows(load('train').images, first)); // (10000, 1, 28, 28)
  const test = toFloatImages(gatherRows(load('test').images, first)); // (10000, 1, 28, 28)
  return featureFrechetDistance(runClassifier(train, params).features, runClassifier(test, params).features);
}

/** Adds `fid_floor`, `floor_samples` and `extraMetadata` to the metadata of the dataset's weights file (atomically). */
export function storeFloor(dataset: ClassifierDataset, extraMetadata: Record<string, string> = {}): number {
  const path = classifierWeightsPath(dataset);
  const { params, metadata } = parseClassifierWeights(readFileSync(path), dataset, path);
  const floor = measureFloor(dataset, params);
  const bytes = writeSafetensors(params, {
    ...metadata,
    ...extraMetadata,
    fid_floor: floor.toFixed(4),
    floor_samples: `${FLOOR_SAMPLES} train vs ${FLOOR_SAMPLES} test`,
  });
  writeFileSync(`${path}.partial`, bytes);
  renameSync(`${path}.partial`, path);
  return floor;
}

const invoked = process.argv[1]?.endsWith('measure-floor.ts');
if (invoked) {
  const dataset = process.argv[2] as ClassifierDataset;
  await useBackend('cpu');
  const started = performance.now();
  const extra = Object.fromEntries(
    process.argv
      .slice(3)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  const floor = storeFloor(dataset, extra);
  console.log(
    `${dataset}: real-vs-real floor ${floor.toFixed(4)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}

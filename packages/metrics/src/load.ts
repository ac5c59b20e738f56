import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParamStore, readSafetensors } from '@latentlab/tensor';
import { classifierParameterShapes } from './classifier.js';
import { ClassifierWeightsError } from './errors.js';
import { metricsPackageDirectory } from './package-directory.js';
import { CLASSIFIER_DATASETS, type ClassifierDataset, weightsFileName } from './weights-file.js';

/** A loaded feature classifier: its weights and the metadata its training run wrote. */
export interface Classifier {
  dataset: ClassifierDataset;
  params: ParamStore;
  /** recipe, epochs, seed, test_accuracy (on the full test split), train_minutes, dataset. */
  metadata: Record<string, string>;
}

const loaded = new Map<ClassifierDataset, Classifier>();

/** Path of a dataset's shipped weights file inside the installed package. */
export function classifierWeightsPath(dataset: ClassifierDataset): string {
  checkDataset(dataset);
  return join(metricsPackageDirectory(), 'weights', weightsFileName(dataset));
}

/** The shipped classifier of `dataset`, read and validated once, then cached. */
export function loadClassifier(dataset: ClassifierDataset): Classifier {
  const cached = loaded.get(dataset);
  if (cached) return cached;
  const path = classifierWeightsPath(dataset);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ClassifierWeightsError(
      path,
      'file',
      `cannot read the shipped weights (${(error as Error).message}); reinstall @latentlab/metrics`,
    );
  }
  const classifier = parseClassifierWeights(bytes, dataset, path);
  loaded.set(dataset, classifier);
  return classifier;
}

/**
 * Parses and validates classifier weights: a readable safetensors file, written for `dataset`, holding
 * exactly the classifier's parameters as float32 with the expected shapes. `source` names the file in errors.
 */
export function parseClassifierWeights(
  bytes: Uint8Array,
  dataset: ClassifierDataset,
  source: string,
): Classifier {
  checkDataset(dataset);
  let contents: ReturnType<typeof readSafetensors>;
  try {
    contents = readSafetensors(bytes, source);
  } catch (error) {
    throw new ClassifierWeightsError(
      source,
      'safetensors',
      `not a readable safetensors file (${(error as Error).message})`,
    );
  }
  const { tensors, metadata } = contents;
  if (metadata['dataset'] !== undefined && metadata['dataset'] !== dataset) {
    throw new ClassifierWeightsError(
      source,
      'metadata.dataset',
      `expected '${dataset}', found '${metadata['dataset']}'`,
    );
  }
  const expected = classifierParameterShapes();
  for (const [name, shape] of expected) {
    const value = tensors.get(name);
    if (value === undefined) {
      throw new ClassifierWeightsError(
        source,
        name,
        `missing (the file has: ${[...tensors.keys()].join(', ') || 'no tensors'})`,
      );
    }
    if (value.dtype !== 'float32')
      throw new ClassifierWeightsError(source, name, `expected dtype float32, found ${value.dtype}`);
    if (value.shape.length !== shape.length || value.shape.some((size, axis) => size !== shape[axis])) {
      throw new ClassifierWeightsError(
        source,
        name,
        `expected shape [${shape.join(', ')}], found [${value.shape.join(', ')}]`,
      );
    }
    if (!value.data.every(Number.isFinite))
      throw new ClassifierWeightsError(source, name, 'expected finite values, found NaN or ±Infinity');
  }
  const unexpected = [...tensors.keys()].filter((name) => !expected.has(name));
  if (unexpected.length > 0) {
    throw new ClassifierWeightsError(
      source,
      unexpected[0] as string,
      `unexpected tensor (the classifier has: ${[...expected.keys()].join(', ')})`,
    );
  }
  return { dataset, params: tensors, metadata };
}

function checkDataset(dataset: string): asserts dataset is ClassifierDataset {
  if (!CLASSIFIER_DATASETS.includes(dataset as ClassifierDataset)) {
    throw new ClassifierWeightsError(
      'loadClassifier',
      'dataset',
      `expected one of ${CLASSIFIER_DATASETS.join(', ')}, found '${dataset}'`,
    );
  }
}

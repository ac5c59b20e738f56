import { type AutoencoderConfig, autoencoderModel } from '@latentlab/autoencoders';
import { type ParamStore, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, runModel, type tf, toTf } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { CliError } from '../errors.js';
import { encodePng } from '../images/png.js';
import { type DatasetName, datasetEvaluation } from '../recipes/datasets.js';
import { renderSamples } from '../sampling/render-samples.js';

/** Test images per class row, each followed by its reconstruction. */
const PER_CLASS = 4;

/** Images (N, C, H, W) through an autoencoder's deterministic `reconstruct` graph on tfjs. */
export function reconstructOnTfjs(
  config: AutoencoderConfig,
  weights: ParamStore,
  images: Tensor<'float32'>,
): Tensor<'float32'> {
  const tensors = new Map<string, tf.Tensor>([...weights].map(([name, value]) => [name, toTf(value)]));
  const input = toTf(images);
  try {
    const outputs = runModel(autoencoderModel(config, 'reconstruct'), paramsFromMap(tensors), { x: input });
    const output = outputs['x']!;
    const value = fromTf(output) as Tensor<'float32'>;
    output.dispose();
    return value;
  } finally {
    input.dispose();
    for (const value of tensors.values()) value.dispose();
  }
}

/** The first `PER_CLASS` test images of each class, in class order: (10·PER_CLASS, C, H, W) and labels. */
export function testImagesByClass(dataset: DatasetName): { images: Tensor<'float32'>; labels: Int32Array } {
  const evaluation = datasetEvaluation(dataset);
  if (!evaluation) throw new CliError(`${dataset} has no test images to reconstruct`);
  const { images: test, labels } = evaluation.loadTestSplit();
  const size = test.shape.slice(1).reduce((product, dim) => product * dim, 1);
  const picked: number[] = [];
  for (let label = 0; label < 10; label++) {
    let found = 0;
    for (let row = 0; row < labels.length && found < PER_CLASS; row++) {
      if (labels[row] !== label) continue;
      picked.push(row);
      found += 1;
    }
  }
  const values = new Float32Array(picked.length * size);
  for (const [i, row] of picked.entries())
    values.set(test.data.subarray(row * size, (row + 1) * size), i * size);
  return {
    images: tensor(values, [picked.length, ...test.shape.slice(1)]),
    labels: Int32Array.from(picked, (row) => labels[row]!),
  };
}

/** One row per class: 4 test images, then their 4 reconstructions. */
export async function writeReconstructionGrid(request: {
  config: AutoencoderConfig;
  dataset: DatasetName;
  weights: ParamStore;
  path: string;
}): Promise<void> {
  const { images, labels } = testImagesByClass(request.dataset);
  const reconstructed = reconstructOnTfjs(request.config, request.weights, images);
  const shape = images.shape.slice(1);
  const size = shape.reduce((product, dim) => product * dim, 1);
  const rows = labels.length / PER_CLASS;
  const grid = new Float32Array(images.data.length * 2);
  const gridLabels = new Int32Array(labels.length * 2);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < PER_CLASS; column++) {
      const source = (row * PER_CLASS + column) * size;
      grid.set(images.data.subarray(source, source + size), (row * 2 * PER_CLASS + column) * size);
      grid.set(
        reconstructed.data.subarray(source, source + size),
        (row * 2 * PER_CLASS + PER_CLASS + column) * size,
      );
      gridLabels.fill(labels[row * PER_CLASS]!, row * 2 * PER_CLASS, (row + 1) * 2 * PER_CLASS);
    }
  }
  writeFileAtomic(request.path, encodePng(renderSamples(shape, grid, gridLabels, rows, 2 * PER_CLASS)));
}

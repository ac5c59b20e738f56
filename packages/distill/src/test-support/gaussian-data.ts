import { createRng } from '@latentlab/tensor';
import { type LabeledExamples, labeledBatches } from '@latentlab/train';

/** N points per class from isotropic Gaussians N(μ_k, s²·I), labels k. */
export function gaussianExamples(
  means: readonly (readonly [number, number])[],
  std: number,
  perClass: number,
  seed: number,
): LabeledExamples {
  const rng = createRng(seed);
  const count = perClass * means.length;
  const noise = rng.normal(2 * count);
  const examples = new Float32Array(2 * count);
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const label = row % means.length;
    labels[row] = label;
    examples[2 * row] = means[label]![0] + std * noise[2 * row]!;
    examples[2 * row + 1] = means[label]![1] + std * noise[2 * row + 1]!;
  }
  return { examples, labels, exampleShape: [2] };
}

export function gaussianBatches(
  means: readonly (readonly [number, number])[],
  std: number,
  batchSize: number,
  seed = 1,
) {
  return labeledBatches(gaussianExamples(means, std, 4096, seed), { batchSize, seed });
}

/** The datasets a classifier is shipped for. */
export type ClassifierDataset = 'mnist' | 'fashion-mnist';

export const CLASSIFIER_DATASETS: readonly ClassifierDataset[] = ['mnist', 'fashion-mnist'];

/** File name of a dataset's shipped weights, inside the package's `weights/` folder. */
export function weightsFileName(dataset: ClassifierDataset): string {
  return `${dataset}-classifier.safetensors`;
}

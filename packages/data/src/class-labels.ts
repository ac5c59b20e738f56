import { type Tensor, tensor } from '@latentlab/tensor';
import { DatasetFormatError } from './errors.js';

/**
 * Class labels as int32, after checking that each is a class index in [0, classCount). `source` names the
 * file in the error for the first bad label (field "label <index>").
 */
export function toClassLabels(
  labelBytes: Tensor<'uint8'>,
  classCount: number,
  source: string,
): Tensor<'int32'> {
  const labels = new Int32Array(labelBytes.data.length); // (N)
  for (let index = 0; index < labels.length; index++) {
    const label = labelBytes.data[index]!;
    if (label >= classCount) {
      throw new DatasetFormatError(source, `label ${index}`, `a class index 0–${classCount - 1}`, `${label}`);
    }
    labels[index] = label;
  }
  return tensor(labels, [labels.length], 'int32');
}

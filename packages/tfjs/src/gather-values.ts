import { tf } from './tf.js';

/**
 * tf.gather whose integer indices stay off the gradient path. tfjs differentiates every input on the path
 * from the variables, and its GatherV2 gradient rejects int32 indices ("the gradient of input indices must
 * have 'float32' dtype"), which breaks any model whose indices depend on its parameters — VQ's nearest-code
 * lookup gather(codebook, argmin(distance(z, codebook))). The indices are closed over, not an input, and the
 * values' gradient is tf's own rule: the upstream gradient summed into the gathered rows
 * (unsortedSegmentSum along the axis).
 */
export function gatherValues(x: tf.Tensor, indices: tf.Tensor, axis: number): tf.Tensor {
  const gathered = tf.customGrad((...inputs) => {
    const values = inputs[0] as tf.Tensor;
    const save = inputs[1] as unknown as (tensors: tf.Tensor[]) => void;
    save([indices]); // kept for the backward pass (the forward scope may dispose them)
    const shape = values.shape;
    return {
      value: tf.gather(values, indices, axis),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => gatherGradient(dy, shape, saved[0]!, axis),
    };
  }) as (values: tf.Tensor) => tf.Tensor;
  return gathered(x);
}

/** d gather(x, indices, axis) / dx for upstream dy of shape x[:axis] + indices + x[axis+1:]. */
function gatherGradient(
  dy: tf.Tensor,
  shape: readonly number[],
  indices: tf.Tensor,
  axis: number,
): tf.Tensor {
  const indexRank = indices.rank;
  const before = Array.from({ length: axis }, (_, i) => i);
  const gatheredAxes = Array.from({ length: indexRank }, (_, i) => axis + i);
  const after = Array.from({ length: shape.length - axis - 1 }, (_, i) => axis + indexRank + i);
  const rest = [...shape.slice(0, axis), ...shape.slice(axis + 1)];
  // (indices…, x[:axis], x[axis+1:]) → (N, x[:axis], x[axis+1:]), summed into (x[axis], …).
  const moved = tf.transpose(dy, [...gatheredAxes, ...before, ...after]);
  const flat = tf.reshape(moved, [indices.size, ...rest]);
  const summed = tf.unsortedSegmentSum(flat, tf.reshape(indices, [indices.size]), shape[axis]!); // (x[axis], rest…)
  // Back to x's axis order: the summed axis 0 goes to position `axis`.
  const perm = [
    ...Array.from({ length: axis }, (_, i) => i + 1),
    0,
    ...Array.from({ length: shape.length - axis - 1 }, (_, i) => axis + 1 + i),
  ];
  return tf.transpose(summed, perm);
}

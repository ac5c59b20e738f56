import { normalizeAxis, sizeOf } from '@latentlab/tensor';
import { attribute } from '../attributes.js';
import type { GraphBuilder } from '../graph-builder.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { assertValue } from './checks.js';

/**
 * Reshape (opset 14): the target shape is an int64 input. With a dynamic dimension in `x`, the target must
 * name exactly one dimension as -1 — the graph infers it at run time and it becomes the dynamic one;
 * every other entry is fixed. Without dynamic dimensions the resolved static shape is written.
 */
export function reshape(graph: GraphBuilder, x: OnnxValue, target: readonly number[]): OnnxValue {
  assertValue(graph, x, 'reshape', 'x');
  if (typeof target !== 'object' || target === null) {
    throw new TypeError('reshape: shape must be an array of integers');
  }
  const inferred = target.flatMap((size, axis) => (size === -1 ? [axis] : []));
  for (const size of target) {
    if (!Number.isSafeInteger(size) || size < -1) {
      throw new RangeError(
        `reshape: target shape [${target.join(', ')}] has entry ${size}; expected integers ≥ -1`,
      );
    }
  }
  if (inferred.length > 1) {
    throw new RangeError(`reshape: target shape [${target.join(', ')}] has more than one -1`);
  }
  const size = sizeOf(x.shape);
  const known = target.reduce((product, dim) => (dim === -1 ? product : product * dim), 1);
  const inferredAxis = inferred[0];
  if (inferredAxis !== undefined ? known === 0 || size % known !== 0 : known !== size) {
    throw new RangeError(
      `reshape: cannot reshape ${describeValue(x)} (${size} elements) to [${target.join(', ')}]`,
    );
  }
  const shape = target.map((dim) => (dim === -1 ? size / known : dim));
  const isDynamic = x.dynamic.some(Boolean);
  if (!isDynamic) {
    // allowzero = 1: a 0 in the target means an empty dimension, not "copy the input's" (opset 14).
    const attributes = shape.includes(0) ? [attribute.int('allowzero', 1)] : [];
    return graph.addNode(
      'Reshape',
      [x, graph.int64Constant(shape)],
      { shape, dtype: x.dtype, dynamic: shape.map(() => false) },
      attributes,
    );
  }
  if (inferredAxis === undefined) {
    throw new RangeError(
      `reshape of a tensor with a dynamic batch dimension must give that dimension as -1 ` +
        `(reshape of ${describeValue(x)} to [${target.join(', ')}])`,
    );
  }
  if (target.includes(0)) {
    throw new RangeError(`reshape: target [${target.join(', ')}] has a 0 next to a dynamic dimension`);
  }
  const dynamic = target.map((_, axis) => axis === inferredAxis);
  return graph.addNode('Reshape', [x, graph.int64Constant(target)], { shape, dtype: x.dtype, dynamic });
}

/** Transpose with `perm` (negative axes allowed). */
export function transpose(graph: GraphBuilder, x: OnnxValue, perm: readonly number[]): OnnxValue {
  assertValue(graph, x, 'transpose', 'x');
  const rank = x.shape.length;
  if (perm?.length !== rank) {
    throw new RangeError(
      `transpose: perm [${perm}] must list each of the ${rank} axes of ${describeValue(x)} once`,
    );
  }
  const axes = perm.map((axis) => normalizeAxis(axis, rank, 'transpose'));
  if (new Set(axes).size !== rank) {
    throw new RangeError(`transpose: perm [${perm.join(', ')}] repeats an axis`);
  }
  return graph.addNode(
    'Transpose',
    [x],
    {
      shape: axes.map((axis) => x.shape[axis]!),
      dtype: x.dtype,
      dynamic: axes.map((axis) => x.dynamic[axis]!),
    },
    [attribute.ints('perm', axes)],
  );
}

/** Transpose of the last two axes (for matmul's transposeA/transposeB). */
export function transposeLastTwo(graph: GraphBuilder, x: OnnxValue): OnnxValue {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, axis) =>
    axis < rank - 2 ? axis : axis === rank - 2 ? rank - 1 : rank - 2,
  );
  return transpose(graph, x, perm);
}

/** Concat along `axis`: same rank and dtype, equal sizes on every other axis. */
export function concat(graph: GraphBuilder, xs: readonly OnnxValue[], axis: number): OnnxValue {
  if (xs === undefined || xs === null || xs.length === 0) {
    throw new RangeError('concat: needs at least one tensor');
  }
  for (const [index, x] of xs.entries()) assertValue(graph, x, 'concat', `xs[${index}]`);
  const first = xs[0]!;
  const rank = first.shape.length;
  const dim = normalizeAxis(axis, rank, 'concat');
  for (const [index, x] of xs.entries()) {
    const mismatch =
      x.shape.length !== rank ||
      x.dtype !== first.dtype ||
      x.shape.some(
        (size, other) =>
          other !== dim && (size !== first.shape[other] || x.dynamic[other] !== first.dynamic[other]),
      );
    if (mismatch) {
      throw new RangeError(
        `concat: xs[${index}] is ${describeValue(x)} but xs[0] is ${describeValue(first)}; ` +
          `they must have the same dtype, rank and sizes except on axis ${dim}`,
      );
    }
  }
  const shape = first.shape.map((size, other) =>
    other === dim ? xs.reduce((total, x) => total + x.shape[dim]!, 0) : size,
  );
  const dynamic = first.dynamic.map((isDynamic, other) =>
    other === dim ? xs.some((x) => x.dynamic[dim]) : isDynamic,
  );
  return graph.addNode('Concat', xs, { shape, dtype: first.dtype, dynamic }, [attribute.int('axis', dim)]);
}

/**
 * Elements start ≤ i < end along `axis`, Python-style: negative indices count from the end and both ends
 * clamp to the axis (an empty slice is allowed). Written as Slice (opset 13) with int64 starts/ends/axes
 * resolved at export time, so the axis must not be dynamic.
 */
export function slice(
  graph: GraphBuilder,
  x: OnnxValue,
  axis: number,
  start: number,
  end: number,
): OnnxValue {
  assertValue(graph, x, 'slice', 'x');
  const dim = normalizeAxis(axis, x.shape.length, 'slice');
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new RangeError(`slice: start and end must be integers, got ${start} and ${end}`);
  }
  if (x.dynamic[dim]) {
    throw new RangeError(
      `slice: axis ${dim} of ${describeValue(x)} is the dynamic batch dimension; slice cannot cut it in an exported graph`,
    );
  }
  const length = x.shape[dim]!;
  const clamp = (index: number) => Math.min(Math.max(index < 0 ? index + length : index, 0), length);
  const from = clamp(start);
  const to = Math.max(clamp(end), from);
  const shape = x.shape.map((size, other) => (other === dim ? to - from : size));
  return graph.addNode(
    'Slice',
    [x, graph.int64Constant([from]), graph.int64Constant([to]), graph.int64Constant([dim])],
    { shape, dtype: x.dtype, dynamic: x.dynamic },
  );
}

/** Gather (opset 13): output shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
export function gather(graph: GraphBuilder, x: OnnxValue, indices: OnnxValue, axis = 0): OnnxValue {
  assertValue(graph, x, 'gather', 'x');
  assertValue(graph, indices, 'gather', 'indices');
  if (indices.dtype !== 'int32') {
    throw new TypeError(`gather: indices must be int32, got ${describeValue(indices)}`);
  }
  const dim = normalizeAxis(axis, x.shape.length, 'gather');
  const shape = [...x.shape.slice(0, dim), ...indices.shape, ...x.shape.slice(dim + 1)];
  const dynamic = [...x.dynamic.slice(0, dim), ...indices.dynamic, ...x.dynamic.slice(dim + 1)];
  return graph.addNode('Gather', [x, indices], { shape, dtype: x.dtype, dynamic }, [
    attribute.int('axis', dim),
  ]);
}

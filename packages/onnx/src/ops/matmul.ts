import type { MatmulOptions } from '@latentlab/tensor';
import type { GraphBuilder } from '../graph-builder.js';
import { describeValue, type OnnxValue } from '../onnx-value.js';
import { assertArithmetic, assertValue, broadcastTypes, castIfNeeded, promotedDtype } from './checks.js';
import { transposeLastTwo } from './shape-ops.js';

/**
 * (…, M, K) @ (…, K, N) → (…, M, N) with NumPy-broadcast leading axes: ONNX MatMul (opset 13) has exactly
 * numpy.matmul's semantics for rank ≥ 2. transposeA/transposeB become a Transpose of the last two axes.
 */
export function matmul(
  graph: GraphBuilder,
  a: OnnxValue,
  b: OnnxValue,
  options: MatmulOptions = {},
): OnnxValue {
  assertValue(graph, a, 'matmul', 'a');
  assertValue(graph, b, 'matmul', 'b');
  assertArithmetic(a, 'matmul');
  assertArithmetic(b, 'matmul');
  if (a.shape.length < 2 || b.shape.length < 2) {
    throw new RangeError(`matmul: operands need rank ≥ 2, got ${describeValue(a)} and ${describeValue(b)}`);
  }
  const dtype = promotedDtype(a.dtype, b.dtype);
  const left = castIfNeeded(graph, options.transposeA ? transposeLastTwo(graph, a) : a, dtype); // (…, M, K)
  const right = castIfNeeded(graph, options.transposeB ? transposeLastTwo(graph, b) : b, dtype); // (…, K, N)
  const [rows, inner] = left.shape.slice(-2) as [number, number];
  const [innerRight, columns] = right.shape.slice(-2) as [number, number];
  if (inner !== innerRight || left.dynamic.at(-1) !== right.dynamic.at(-2)) {
    throw new RangeError(
      `matmul: inner dimensions differ: ${describeValue(left)} @ ${describeValue(right)}` +
        (options.transposeA || options.transposeB ? ' (after transposeA/transposeB)' : ''),
    );
  }
  const batch = broadcastTypes(
    { shape: left.shape.slice(0, -2), dynamic: left.dynamic.slice(0, -2) },
    { shape: right.shape.slice(0, -2), dynamic: right.dynamic.slice(0, -2) },
    'matmul',
  );
  return graph.addNode('MatMul', [left, right], {
    shape: [...batch.shape, rows, columns],
    dtype,
    dynamic: [...batch.dynamic, left.dynamic.at(-2)!, right.dynamic.at(-1)!],
  });
}

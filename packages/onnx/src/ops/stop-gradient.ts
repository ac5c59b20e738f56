import type { GraphBuilder } from '../graph-builder.js';
import type { OnnxValue } from '../onnx-value.js';
import { assertValue } from './checks.js';

/**
 * Identity forward, zero gradient backward. An exported graph is only run forward (no training in
 * onnxruntime here), so the op is an Identity: what matters is that the forward value is unchanged.
 */
export function stopGradient(graph: GraphBuilder, x: OnnxValue): OnnxValue {
  assertValue(graph, x, 'stopGradient', 'x');
  return graph.addNode('Identity', [x], x);
}

import { type ModelCard, ModelCardError, type ModelCardTensor } from '@latentlab/tensor';
import type { OnnxTensorInfo } from './runner.js';

/** A graph's inputs and outputs, as a runner or the decoded file declares them. */
export interface GraphSignature {
  readonly inputs: readonly OnnxTensorInfo[];
  readonly outputs: readonly OnnxTensorInfo[];
}

/**
 * Checks that a card describes this graph: the same input and output names, each with the graph's dtype
 * and rank. A size fixed in both must be equal; a dimension the card calls dynamic must not be fixed in
 * the graph (the card may fix one the graph leaves dynamic). Throws a ModelCardError naming the tensor.
 */
export function checkCardMatchesGraph(card: ModelCard, graph: GraphSignature, source: string): void {
  checkSide(card.inputs, graph.inputs, 'inputs', 'input', source);
  checkSide(card.outputs, graph.outputs, 'outputs', 'output', source);
}

function checkSide(
  described: readonly ModelCardTensor[],
  declared: readonly OnnxTensorInfo[],
  path: 'inputs' | 'outputs',
  what: 'input' | 'output',
  source: string,
): void {
  const fail: (field: string, problem: string) => never = (field, problem) => {
    throw new ModelCardError(source, field, problem);
  };
  const declaredNames = declared.map((tensor) => tensor.name).join(', ');
  described.forEach((tensor, index) => {
    const at = `${path}[${index}]`;
    const graphTensor = declared.find((candidate) => candidate.name === tensor.name);
    if (graphTensor === undefined) {
      fail(
        `${at}.name`,
        `${what} '${tensor.name}' is not an ${what} of the graph (its ${path}: ${declaredNames})`,
      );
    }
    if (graphTensor.dtype !== tensor.dtype) {
      fail(
        `${at}.dtype`,
        `${what} '${tensor.name}' is ${tensor.dtype} in the card but ${graphTensor.dtype} in the graph`,
      );
    }
    const dims = graphTensor.dims;
    if (dims === null) return;
    if (dims.length !== tensor.shape.length) {
      fail(
        `${at}.shape`,
        `${what} '${tensor.name}' has rank ${tensor.shape.length} in the card ([${tensor.shape.join(', ')}]) ` +
          `but ${dims.length} in the graph ([${dims.map((dim) => dim ?? '?').join(', ')}])`,
      );
    }
    tensor.shape.forEach((dim, axis) => {
      const graphDim = dims[axis];
      if (typeof graphDim !== 'number') return;
      if (typeof dim === 'string') {
        fail(
          `${at}.shape[${axis}]`,
          `${what} '${tensor.name}': axis ${axis} is dynamic ('${dim}') in the card but fixed to ${graphDim} in the graph`,
        );
      }
      if (dim !== graphDim) {
        fail(
          `${at}.shape[${axis}]`,
          `${what} '${tensor.name}' has size ${dim} on axis ${axis} in the card but ${graphDim} in the graph`,
        );
      }
    });
  });
  const describedNames = described.map((tensor) => tensor.name);
  for (const graphTensor of declared) {
    if (!describedNames.includes(graphTensor.name)) {
      fail(
        path,
        `the graph's ${what} '${graphTensor.name}' is not described by the card (it lists ${describedNames.join(', ')})`,
      );
    }
  }
}

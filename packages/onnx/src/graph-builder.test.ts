import { tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph-builder.js';

const float2 = { shape: [2], dtype: 'float32' as const, dynamic: [false] };

describe('GraphBuilder', () => {
  it('gives node outputs unique names that cannot clash with parameter names', () => {
    const graph = new GraphBuilder();
    const x = graph.addInput('x', [2], float2);
    const first = graph.addNode('Relu', [x], float2);
    const second = graph.addNode('Relu', [first], float2);
    expect(first.name).not.toBe(second.name);
    expect(first.name.startsWith('/')).toBe(true);
    expect(() => graph.addInitializer('x', tensor([1, 2], [2]))).toThrow(
      "the parameter name 'x' is already used",
    );
  });

  it('stores equal small constants and the same tensor object once', () => {
    const graph = new GraphBuilder();
    const big = tensor(new Float32Array(1000), [1000]);
    expect(graph.addConstant(tensor([1], [])).name).toBe(graph.addConstant(tensor([1], [])).name);
    expect(graph.addConstant(tensor([1], [])).name).not.toBe(
      graph.addConstant(tensor([1], [], 'int32')).name,
    );
    expect(graph.addConstant(tensor([0], [])).name).not.toBe(graph.addConstant(tensor([-0], [])).name);
    expect(graph.addConstant(big).name).toBe(graph.addConstant(big).name);
    expect(graph.int64Constant([0, 2, -1])).toBe(graph.int64Constant([0, 2, -1]));
    expect(graph.toGraph('g').initializers).toHaveLength(6);
  });

  it('renames a node output to the output name, and adds Identity when it cannot', () => {
    const graph = new GraphBuilder();
    const x = graph.addInput('x', [2], float2);
    const y = graph.addNode('Relu', [x], float2);
    const z = graph.addNode('Neg', [y], float2);
    graph.addOutput('relu', y, [2]);
    graph.addOutput('again', y, [2]);
    graph.addOutput('input', x, [2]);
    graph.addOutput('negated', z, [2]);
    const { nodes, outputs } = graph.toGraph('g');
    expect(nodes.map((node) => [node.opType, node.inputs, node.outputs])).toEqual([
      ['Relu', ['x'], ['relu']],
      ['Neg', ['relu'], ['negated']],
      ['Identity', ['relu'], ['again']],
      ['Identity', ['x'], ['input']],
    ]);
    expect(outputs.map((output) => output.name)).toEqual(['relu', 'again', 'input', 'negated']);
    expect(() => graph.addOutput('x', z, [2])).toThrow("the output name 'x' is already used");
  });

  it('knows which values are its own', () => {
    const graph = new GraphBuilder();
    const other = new GraphBuilder();
    const x = graph.addInput('x', [2], float2);
    expect(graph.owns(x)).toBe(true);
    expect(other.owns(x)).toBe(false);
    expect(graph.owns({ ...x })).toBe(false);
  });
});

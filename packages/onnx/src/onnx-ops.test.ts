import { describe, expect, it } from 'vitest';
import { createNodeRunner } from './node.js';
import { decodeModel } from './onnx-proto-decode.js';
import { ALL_OP_CASES } from './testing/op-cases.js';
import { expectClose, exportCase, runCase } from './testing/run-case.js';

describe('OnnxOps in onnxruntime-node against plain-JS references', () => {
  for (const opCase of ALL_OP_CASES) {
    it(opCase.name, async () => {
      const actual = await runCase(opCase, (bytes) => createNodeRunner(bytes));
      expectClose(actual, opCase.expected(), opCase.tolerance);
    });
  }
});

describe('declared output shapes', () => {
  for (const opCase of ALL_OP_CASES) {
    it(`${opCase.name}: the traced shape is the reference's`, () => {
      const model = decodeModel(exportCase(opCase));
      const output = model.graph.outputs[0]!;
      expect(output.dims).toEqual(opCase.expected().shape);
    });
  }
});

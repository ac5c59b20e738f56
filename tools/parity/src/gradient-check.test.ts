import { createRng, type ModelFunction, type ParamStore, type Tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { checkGradient } from './gradient-check.js';
import { convNetModel, initConvNet, tinyConvNet } from './models/conv-net.js';
import { initTransformerBlock, tinyTransformer, transformerBlockModel } from './models/transformer-block.js';
import { opCases } from './op-cases.js';
import { RandomTensors } from './random-tensors.js';

const random = new RandomTensors(7);

describe('finite-difference check of tfjs gradients through models written against Ops', () => {
  it('transformer block (attention + MLP + layer norm)', () => {
    const store = initTransformerBlock(tinyTransformer, createRng(1));
    const inputs = { x: random.normal([2, tinyTransformer.tokens, tinyTransformer.inputWidth]) };
    for (const seed of [11, 12, 13]) {
      const result = checkGradient(transformerBlockModel(tinyTransformer), store, inputs, seed);
      expect(result.relativeError, JSON.stringify(result)).toBeLessThan(1e-2);
    }
  });

  it('conv net (conv, group norm, pooling, upsampling, transposed conv)', () => {
    const store = initConvNet(tinyConvNet, createRng(2));
    const inputs = { x: random.normal([2, 1, 8, 8]) };
    for (const seed of [21, 22, 23]) {
      const result = checkGradient(convNetModel(tinyConvNet), store, inputs, seed);
      expect(result.relativeError, JSON.stringify(result)).toBeLessThan(1e-2);
    }
  });
});

/** Ops whose kinks (relu, abs, max …) a finite difference could straddle, or that have no gradient. */
const NON_SMOOTH = new Set(['relu', 'abs', 'maximum', 'minimum', 'max', 'cast']);

describe('finite-difference check of every differentiable op', () => {
  const smoothCases = opCases.filter((testCase) => !NON_SMOOTH.has(testCase.op));
  it.each(smoothCases.map((testCase) => [testCase.title, testCase] as const))('%s', (_title, testCase) => {
    // Treat the float inputs as parameters so the gradient flows into them too.
    const store: ParamStore = new Map(testCase.params ?? []);
    const fixedInputs: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(testCase.inputs)) {
      if (value.dtype === 'float32') store.set(`input.${name}`, value);
      else fixedInputs[name] = value;
    }
    const model: ModelFunction = (ops, params, inputs) => {
      const all = { ...inputs };
      for (const name of Object.keys(testCase.inputs)) {
        if (params.has(`input.${name}`)) all[name] = params.get(`input.${name}`);
      }
      return testCase.model(ops, params, all);
    };
    const result = checkGradient(model, store, fixedInputs, 99, 1e-2);
    expect(result.relativeError, JSON.stringify(result)).toBeLessThan(2e-2);
  });
});

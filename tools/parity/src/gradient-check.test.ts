import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { checkCaseGradient, checkGradient } from './gradient-check.js';
import { convNetModel, initConvNet, tinyConvNet } from './models/conv-net.js';
import { initTransformerBlock, tinyTransformer, transformerBlockModel } from './models/transformer-block.js';
import { type OpCase, opCases } from './op-cases.js';
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
const NON_SMOOTH = new Set(['relu', 'abs', 'round', 'maximum', 'minimum', 'max', 'cast', 'argmax', 'argmin']);
/**
 * Ops whose gradient differs from the derivative of their value by definition (stopGradient is the identity
 * with a zero gradient): tfjs-ops.test.ts checks them against their defined gradient.
 */
const DEFINED_GRADIENT = new Set(['stopGradient']);

describe('finite-difference check of every differentiable op', () => {
  // A case on int32 values only has nothing to differentiate.
  const hasFloatInput = (testCase: OpCase) =>
    (testCase.params?.size ?? 0) > 0 ||
    Object.entries(testCase.inputs).some(
      ([name, value]) => value.dtype === 'float32' && !testCase.notDifferentiable?.includes(name),
    );
  const smoothCases = opCases.filter(
    (testCase) =>
      !NON_SMOOTH.has(testCase.op) && !DEFINED_GRADIENT.has(testCase.op) && hasFloatInput(testCase),
  );
  it.each(smoothCases.map((testCase) => [testCase.title, testCase] as const))('%s', (_title, testCase) => {
    const result = checkCaseGradient(testCase, 99, 1e-2);
    expect(result.relativeError, JSON.stringify(result)).toBeLessThan(2e-2);
  });
});

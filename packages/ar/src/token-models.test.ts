import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import {
  createRng,
  declareParams,
  type ParamStore,
  paramsFromMap,
  type Tensor,
  tensor,
} from '@latentlab/tensor';
import { fromTf, runModel, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTokens } from './generate-tokens.js';
import { cachedTokenModel, type GraphRunner, prefixTokenModel } from './next-token-runners.js';
import { type TokenModelGraph, tokenModel, tokenModelInputSpecs } from './token-model-graphs.js';
import { tokenTransformerConfig } from './token-transformer-config.js';

beforeAll(() => useBackend('auto'));

const CONFIG = tokenTransformerConfig({
  vocabularySize: 24,
  sequenceLength: 49,
  classes: 10,
  width: 32,
  depth: 2,
  heads: 4,
});

/** Random weights with larger-than-GPT-2 spread, so the logits vary and sampling has choices to make. */
function params(): ParamStore {
  const store = declareParams(
    tokenModel(CONFIG, 'prefix'),
    tokenModelInputSpecs(CONFIG, 'prefix'),
    createRng(3),
  );
  for (const [name, value] of store) {
    if (name.endsWith('.weight') && value.shape.length === 2 && !name.includes('ln')) {
      store.set(name, tensor(value.data.map((v) => v * 5) as Float32Array, value.shape));
    }
  }
  return store;
}

/** A graph on tfjs, as a runner over framework-free tensors. */
function tfjsRunner(graph: TokenModelGraph, weights: ParamStore): GraphRunner {
  return async (feeds) => {
    const tensors = new Map<string, tf.Tensor>([...weights].map(([name, value]) => [name, toTf(value)]));
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, value]) => [name, toTf(value)]));
    const outputs = runModel(tokenModel(CONFIG, graph), paramsFromMap(tensors), inputs);
    const copied: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(outputs)) {
      copied[name] = fromTf(value);
      value.dispose();
    }
    for (const value of [...tensors.values(), ...Object.values(inputs)]) value.dispose();
    return copied;
  };
}

const LABELS = Int32Array.from([0, 3, 7, 9]);
const options = { labels: LABELS, length: 49, seed: 11, guidanceScale: 2, nullClass: 10 };

describe('the AR token transformer', () => {
  it('decodes the same 49 tokens with and without the KV cache (tfjs)', async () => {
    const weights = params();
    const cached = await generateTokens(cachedTokenModel(tfjsRunner('step', weights), CONFIG), options);
    const uncached = await generateTokens(prefixTokenModel(tfjsRunner('prefix', weights), CONFIG), options);
    expect([...cached]).toEqual([...uncached]);
    expect(new Set(cached).size).toBeGreaterThan(5); // the tokens vary: the test can tell models apart
  }, 120_000);

  it('exports the step graph: logits ≤ 1e-4 against tfjs at every position, and identical tokens from a seed', async () => {
    const weights = params();
    const bytes = exportOnnx(tokenModel(CONFIG, 'step'), weights, tokenModelInputSpecs(CONFIG, 'step'));
    const runner = await createNodeRunner(bytes);
    try {
      const onnx: GraphRunner = (feeds) => runner.run(feeds);
      // Logits of every position, fed the same tokens, from both.
      const tfjsModel = cachedTokenModel(tfjsRunner('step', weights), CONFIG);
      const onnxModel = cachedTokenModel(onnx, CONFIG);
      await tfjsModel.start(LABELS);
      await onnxModel.start(LABELS);
      let largest = 0;
      const previous = new Int32Array(LABELS.length);
      for (let position = 0; position < 49; position++) {
        const expected = await tfjsModel.next(previous, position);
        const actual = await onnxModel.next(previous, position);
        for (let i = 0; i < expected.length; i++)
          largest = Math.max(largest, Math.abs(expected[i]! - actual[i]!));
        previous.forEach((_, image) => {
          previous[image] = (position * 7 + image * 3) % CONFIG.vocabularySize;
        });
      }
      expect(largest).toBeLessThanOrEqual(1e-4);
      const fromOnnx = await generateTokens(cachedTokenModel(onnx, CONFIG), options);
      const fromTfjs = await generateTokens(cachedTokenModel(tfjsRunner('step', weights), CONFIG), options);
      expect([...fromOnnx]).toEqual([...fromTfjs]);
    } finally {
      await runner.release();
    }
  }, 120_000);
});

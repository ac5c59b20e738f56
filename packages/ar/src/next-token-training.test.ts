import { createRng, declareParams, paramsFromMap, type Tensor } from '@latentlab/tensor';
import { fromTf, runModel, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { fit, labeledBatches, nextTokenObjective } from '@latentlab/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateTokens } from './generate-tokens.js';
import { cachedTokenModel, type GraphRunner } from './next-token-runners.js';
import { tokenModel, tokenModelInputSpecs } from './token-model-graphs.js';
import { tokenTransformerConfig } from './token-transformer-config.js';

beforeAll(() => useBackend('auto'));

const CONFIG = tokenTransformerConfig({
  vocabularySize: 8,
  sequenceLength: 6,
  classes: 3,
  width: 32,
  depth: 2,
  heads: 2,
});
/** One fixed sequence per class: the model must learn p(token_i | class, tokens < i) = 1. */
const SEQUENCES = [
  [1, 2, 3, 4, 5, 6],
  [7, 7, 0, 0, 7, 7],
  [3, 1, 4, 1, 5, 2],
];

describe('nextTokenObjective with the token transformer', () => {
  it('learns class-determined sequences: near-zero bits per token, and greedy decoding (cached) reproduces them', async () => {
    const count = 96;
    const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
    const examples = Float32Array.from(
      { length: count * 6 },
      (_, i) => SEQUENCES[labels[Math.floor(i / 6)]!]![i % 6]!,
    );
    const model = tokenModel(CONFIG, 'prefix');
    const result = await fit({
      model,
      params: declareParams(model, tokenModelInputSpecs(CONFIG, 'prefix'), createRng(1)),
      objective: nextTokenObjective({ vocabularySize: 8, labelDropout: { probability: 0.1, nullClass: 3 } }),
      batches: labeledBatches({ examples, labels, exampleShape: [6] }, { batchSize: 24, seed: 0 }),
      steps: 150,
      rng: createRng(2),
      optimizer: { learningRate: 3e-3 },
    });
    expect(result.losses.slice(-10).reduce((a, b) => a + b, 0) / 10).toBeLessThan(0.15);
    const run: GraphRunner = async (feeds) => {
      const tensors = new Map<string, tf.Tensor>(
        [...result.params].map(([name, value]) => [name, toTf(value)]),
      );
      const inputs = Object.fromEntries(Object.entries(feeds).map(([name, value]) => [name, toTf(value)]));
      const outputs = runModel(tokenModel(CONFIG, 'step'), paramsFromMap(tensors), inputs);
      const copied: Record<string, Tensor> = {};
      for (const [name, value] of Object.entries(outputs)) copied[name] = fromTf(value);
      return copied;
    };
    const tokens = await generateTokens(cachedTokenModel(run, CONFIG), {
      labels: Int32Array.from([0, 1, 2]),
      length: 6,
      seed: 0,
      temperature: 0,
    });
    expect([...tokens]).toEqual(SEQUENCES.flat());
  }, 120_000);
});

import { createRng, declareParams, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, runModel, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { fit, labeledBatches, maskedTokenObjective } from '@latentlab/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosineMaskRatio, maskedDecode } from './masked-decode.js';
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
const SEQUENCES = [
  [1, 2, 3, 4, 5, 6],
  [7, 7, 0, 0, 7, 7],
  [3, 1, 4, 1, 5, 2],
];

describe('MaskGIT: maskedTokenObjective and maskedDecode', () => {
  it('learns class-determined grids and decodes them in 4 parallel steps, re-masking on the cosine schedule', async () => {
    const count = 96;
    const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
    const examples = Float32Array.from(
      { length: count * 6 },
      (_, i) => SEQUENCES[labels[Math.floor(i / 6)]!]![i % 6]!,
    );
    const model = tokenModel(CONFIG, 'masked');
    const result = await fit({
      model,
      params: declareParams(model, tokenModelInputSpecs(CONFIG, 'masked'), createRng(1)),
      objective: maskedTokenObjective({
        vocabularySize: 8,
        labelDropout: { probability: 0.1, nullClass: 3 },
      }),
      batches: labeledBatches({ examples, labels, exampleShape: [6] }, { batchSize: 24, seed: 0 }),
      steps: 200,
      rng: createRng(2),
      optimizer: { learningRate: 3e-3 },
    });
    expect(result.losses.slice(-10).reduce((a, b) => a + b, 0) / 10).toBeLessThan(0.2);
    const run = async (tokens: Int32Array, classes: Int32Array) => {
      const tensors = new Map<string, tf.Tensor>(
        [...result.params].map(([name, value]) => [name, toTf(value)]),
      );
      const inputs = {
        tokens: toTf(tensor(tokens, [classes.length, 6], 'int32')),
        class: toTf(tensor(classes, [classes.length], 'int32')),
      };
      const logits: Tensor = fromTf(runModel(model, paramsFromMap(tensors), inputs)['logits']!);
      return logits.data as Float32Array;
    };
    const masked: number[] = [];
    const tokens = await maskedDecode(run, {
      labels: Int32Array.from([0, 1, 2]),
      length: 6,
      vocabularySize: 8,
      steps: 4,
      temperature: 0,
      guidanceScale: 2,
      nullClass: 3,
      seed: 0,
      onIteration: (_, grid) => masked.push(grid.filter((token) => token === 8).length / 3),
    });
    expect([...tokens]).toEqual(SEQUENCES.flat());
    expect(masked).toEqual([1, 2, 3, 4].map((t) => Math.floor(cosineMaskRatio(t / 4) * 6)));
  }, 120_000);
});

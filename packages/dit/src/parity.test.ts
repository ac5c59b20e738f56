import { createRng, type Tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import type { DitConfig } from './config.js';
import { ditModel } from './dit.js';
import { initDit } from './init.js';
import { ditS4, ditTiny2 } from './presets.js';
import { nodeParity, trainOneStep } from './test-support/parity.js';
import { RandomTensors } from './test-support/random.js';

const PARITY_TOLERANCE = 1e-4;

function inputsFor(config: DitConfig, batch: number, random: RandomTensors): Record<string, Tensor> {
  const inputs: Record<string, Tensor> = {
    x: random.normal([batch, config.channels, config.imageSize, config.imageSize]),
    t: random.uniform([batch]),
    y: random.integers([batch], 0, config.classes + 1),
  };
  if (config.contextLength > 0)
    inputs['context'] = random.normal([batch, config.contextLength, config.hiddenSize]);
  for (const { name } of config.scalarConditions ?? []) inputs[name] = random.uniform([batch], 0, 4);
  return inputs;
}

/** Each design, with both position embeddings and a conditioning sequence where the design takes one. */
const VARIANTS: readonly [string, DitConfig][] = [
  ['adaLN-Zero, learned positions', ditTiny2({ positionEmbedding: 'learned' })],
  ['adaLN-Zero, sin-cos positions, 2 channels', ditTiny2({ channels: 2 })],
  ['cross-attention + context (S = 3)', ditTiny2({ conditioning: 'cross-attention', contextLength: 3 })],
  ['in-context + context (S = 2)', ditTiny2({ conditioning: 'in-context', contextLength: 2 })],
  [
    'adaLN-Zero + scalar conditions w and d (a distilled student)',
    ditTiny2({
      scalarConditions: [
        { name: 'w', scale: 250 },
        { name: 'd', scale: 1000 },
      ],
    }),
  ],
];

describe('tfjs ↔ onnxruntime-node parity after one AdamW step, on a batch size the export never saw', () => {
  it.each(VARIANTS)(
    '%s',
    async (variant, config) => {
      const random = new RandomTensors(21);
      const model = ditModel(config);
      // Random parameters everywhere, so zero-initialised modulation/gates/output hide nothing.
      const randomized = random.randomizeParams(initDit(config, createRng(22)));
      const trainingInputs = inputsFor(config, 4, random);
      const target = random.normal([4, config.outputChannels, config.imageSize, config.imageSize]);
      const { params, loss } = trainOneStep(model, randomized, trainingInputs, target);
      expect(Number.isFinite(loss)).toBe(true);
      const result = await nodeParity(
        model,
        params,
        inputsFor(config, 2, random),
        inputsFor(config, 5, random),
      );
      console.log(
        `parity ${variant}: max |tfjs − ort| = ${result.maxAbsDiff.toExponential(2)} (max |output| ${result.maxAbs.toFixed(3)})`,
      );
      expect(result.maxAbs).toBeGreaterThan(0.1);
      expect(result.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
    },
    30_000,
  );

  it('ditS4 (dit-mnist-s.json, learned positions), trained at batch 2, run at batch 3', async () => {
    const config = ditS4({ positionEmbedding: 'learned' });
    const random = new RandomTensors(23);
    const model = ditModel(config);
    const randomized = random.randomizeParams(initDit(config, createRng(24)), 0.05);
    const target = random.normal([2, 1, 28, 28]);
    const { params } = trainOneStep(model, randomized, inputsFor(config, 2, random), target);
    const result = await nodeParity(
      model,
      params,
      inputsFor(config, 2, random),
      inputsFor(config, 3, random),
    );
    console.log(
      `parity ditS4: max |tfjs − ort| = ${result.maxAbsDiff.toExponential(2)} (max |output| ${result.maxAbs.toFixed(3)})`,
    );
    expect(result.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  }, 60_000);
});

import { createRng, paramsFromMap, type Tensor } from '@latentlab/tensor';
import { runModel, tf, tfjsOps, toTf } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { CONDITIONINGS, type DitConfig } from './config.js';
import { ditModel } from './dit.js';
import { ditBlock } from './dit-block.js';
import { initDit } from './init.js';
import { DitInputError } from './inputs.js';
import { ditS4, ditTiny2 } from './presets.js';
import { RandomTensors } from './test-support/random.js';
import { runWithTfjs } from './test-support/tfjs-run.js';

function exampleInputs(config: DitConfig, batch: number, random: RandomTensors): Record<string, Tensor> {
  const { channels, imageSize, classes, contextLength, hiddenSize } = config;
  const inputs: Record<string, Tensor> = {
    x: random.normal([batch, channels, imageSize, imageSize]),
    t: random.uniform([batch]),
    y: random.integers([batch], 0, classes + 1),
  };
  if (contextLength > 0) inputs['context'] = random.normal([batch, contextLength, hiddenSize]);
  return inputs;
}

describe('DiT forward (tfjs)', () => {
  it('maps (B, C, H, W) to (B, C, H, W) for several batch sizes and every conditioning design', () => {
    const random = new RandomTensors(1);
    for (const conditioning of CONDITIONINGS) {
      const contextLength = conditioning === 'adaLN-zero' ? 0 : 3;
      const config = ditTiny2({ conditioning, contextLength });
      const params = random.randomizeParams(initDit(config, createRng(2)));
      for (const batch of [1, 2, 5]) {
        const output = runWithTfjs(ditModel(config), params, exampleInputs(config, batch, random));
        expect(output.shape, `${conditioning}, batch ${batch}`).toEqual([batch, 1, 8, 8]);
        expect(output.data.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('runs ditS4 (dit-mnist-s.json) once: (3, 1, 28, 28) → (3, 1, 28, 28)', () => {
    const config = ditS4({ positionEmbedding: 'learned' });
    const random = new RandomTensors(3);
    const params = random.randomizeParams(initDit(config, createRng(0)), 0.05);
    const output = runWithTfjs(ditModel(config), params, exampleInputs(config, 3, random));
    expect(output.shape).toEqual([3, 1, 28, 28]);
    expect(output.data.every(Number.isFinite)).toBe(true);
  });

  it('outputs C_out channels when outputChannels differs (learn_sigma)', () => {
    const config = ditTiny2({ channels: 2, outputChannels: 4 });
    const random = new RandomTensors(4);
    const output = runWithTfjs(
      ditModel(config),
      initDit(config, createRng(0)),
      exampleInputs(config, 2, random),
    );
    expect(output.shape).toEqual([2, 4, 8, 8]);
  });
});

describe('zero initialisation (adaLN-Zero, Peebles & Xie 2023 §3.2)', () => {
  it('the freshly initialised model outputs exactly 0 (zero final layer), for every design', () => {
    const random = new RandomTensors(5);
    for (const conditioning of CONDITIONINGS) {
      const config = ditTiny2({ conditioning });
      const output = runWithTfjs(
        ditModel(config),
        initDit(config, createRng(6)),
        exampleInputs(config, 3, random),
      );
      expect(
        output.data.every((value) => value === 0),
        conditioning,
      ).toBe(true);
    }
  });

  it('every freshly initialised DiT block is exactly the identity (zero gates)', () => {
    const config = ditS4();
    const store = initDit(config, createRng(7));
    const random = new RandomTensors(8);
    const x = random.normal([2, 49, 128]);
    const condition = random.normal([2, 128]);
    tf.tidy(() => {
      const params = paramsFromMap(new Map([...store].map(([name, value]) => [name, toTf(value)])));
      for (let index = 0; index < config.depth; index++) {
        const block = { heads: config.heads, mlpHidden: 4 * config.hiddenSize, adaLNZero: true };
        const output = ditBlock(tfjsOps, params, `blocks.${index}`, toTf(x), toTf(condition), block);
        expect(Array.from(output.dataSync())).toEqual(Array.from(x.data));
      }
    });
  });

  it('a block with random (non-zero) modulation is not the identity (the check above has teeth)', () => {
    const config = ditTiny2();
    const random = new RandomTensors(9);
    const store = random.randomizeParams(initDit(config, createRng(10)));
    const x = random.normal([2, 16, 16]);
    tf.tidy(() => {
      const params = paramsFromMap(new Map([...store].map(([name, value]) => [name, toTf(value)])));
      const block = { heads: 2, mlpHidden: 64, adaLNZero: true };
      const output = ditBlock(tfjsOps, params, 'blocks.0', toTf(x), toTf(random.normal([2, 16])), block);
      expect(Array.from(output.dataSync())).not.toEqual(Array.from(x.data));
    });
  });
});

describe('input checks', () => {
  const config = ditTiny2();
  const params = initDit(config, createRng(0));
  const random = new RandomTensors(11);
  const run = (inputs: Record<string, Tensor>) =>
    tf.tidy(() => {
      const variables = paramsFromMap(new Map([...params].map(([name, value]) => [name, toTf(value)])));
      const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
      runModel(ditModel(config), variables, feeds);
    });

  it('names a missing input and the shape it expects', () => {
    const { x, t } = exampleInputs(config, 2, random);
    expect(() => run({ x: x!, t: t! })).toThrow(DitInputError);
    expect(() => run({ x: x!, t: t! })).toThrow("DiT input 'y': is missing; expected int32 of shape [2]");
  });

  it('names a wrongly shaped image and a wrongly typed label', () => {
    const inputs = exampleInputs(config, 2, random);
    expect(() => run({ ...inputs, x: random.normal([2, 1, 9, 9]) })).toThrow(
      "DiT input 'x': has shape [2, 1, 9, 9]; expected [B, 1, 8, 8]",
    );
    expect(() => run({ ...inputs, y: random.uniform([2]) })).toThrow(
      "DiT input 'y': has dtype float32; expected int32",
    );
    expect(() => run({ ...inputs, t: random.uniform([3]) })).toThrow(
      "DiT input 't': has shape [3]; expected [2]",
    );
  });

  it('rejects a context the config does not take', () => {
    const inputs = exampleInputs(config, 2, random);
    expect(() => run({ ...inputs, context: random.normal([2, 1, 16]) })).toThrow(/contextLength 0/);
  });
});

import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import {
  createRng,
  declareParams,
  type ParamStore,
  type Params,
  paramsFromMap,
  type Tensor,
  tensor,
} from '@latentlab/tensor';
import { fromTf, runModel, tf, tfjsOps, toTf, useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AutoencoderConfig, VaeConfig } from './autoencoder-config.js';
import { type AutoencoderGraph, autoencoderInputSpecs, autoencoderModel } from './autoencoder-models.js';
import { convAutoencoderConfig } from './conv-config.js';
import { vaePosterior } from './vae.js';

beforeAll(() => useBackend('cpu'));

/** Small networks over 12×12 images (two levels: 12 → 6), so the suite stays quick. */
const network = (latentChannels: number) =>
  convAutoencoderConfig({ imageSize: 12, channels: [8, 16], groups: 4, latentChannels });
const CONFIGS: AutoencoderConfig[] = [
  { kind: 'vae', ...network(3) },
  { kind: 'vqvae', ...network(4), codebookSize: 32, l2Normalize: true, beta: 0.25 },
  { kind: 'fsq', ...network(3), levels: [5, 4, 3] },
];
const BATCH = 5;

const images = tensor(
  Float32Array.from(createRng(1).uniform(BATCH * 144), (value) => 2 * value - 1),
  [BATCH, 1, 12, 12],
);

const trained = (config: AutoencoderConfig): ParamStore =>
  declareParams(
    autoencoderModel(config, 'training'),
    autoencoderInputSpecs(config, 'training'),
    createRng(2),
  );

/** Runs `compute` on tfjs copies of `params`, returning plain tensors; every tfjs tensor is released. */
function withTfjs<R>(params: ParamStore, compute: (tfParams: Params<tf.Tensor>) => R): R {
  let result: R | undefined;
  tf.tidy(() => {
    result = compute(paramsFromMap(new Map([...params].map(([name, value]) => [name, toTf(value)]))));
  });
  return result as R;
}

function runTfjs(
  config: AutoencoderConfig,
  graph: AutoencoderGraph,
  params: ParamStore,
  inputs: Record<string, Tensor>,
) {
  return withTfjs(params, (tfParams) => {
    const tfInputs = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
    const outputs = runModel(autoencoderModel(config, graph), tfParams, tfInputs);
    return Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => [name, fromTf(value)]),
    ) as Record<string, Tensor>;
  });
}

const largestDifference = (a: Tensor, b: Tensor) =>
  Math.max(...Array.from(a.data as Float32Array, (value, i) => Math.abs(value - (b.data[i] as number))));

describe('autoencoder graphs', () => {
  for (const config of CONFIGS) {
    it(`${config.kind}: shapes, and reconstruct = decoder(quantizer(encoder(x)))`, () => {
      const params = trained(config);
      const { latent } = runTfjs(config, 'encoder', params, { x: images });
      expect(latent!.shape).toEqual([BATCH, config.latentChannels, 6, 6]);
      const decoderInput: Record<string, Tensor> =
        config.kind === 'vae'
          ? { latent: latent! }
          : { tokens: runTfjs(config, 'quantizer', params, { latent: latent! })['tokens']! };
      if (config.kind !== 'vae') {
        expect(decoderInput['tokens']!.shape).toEqual([BATCH, 6, 6]);
        expect(decoderInput['tokens']!.dtype).toBe('int32');
      }
      const decoded = runTfjs(config, 'decoder', params, decoderInput)['x']!;
      expect(decoded.shape).toEqual([BATCH, 1, 12, 12]);
      const reconstructed = runTfjs(config, 'reconstruct', params, { x: images })['x']!;
      expect(largestDifference(reconstructed, decoded)).toBeLessThanOrEqual(1e-6);
    });

    it(`${config.kind}: the training pass returns its reconstruction and loss terms`, () => {
      const params = trained(config);
      const inputs: Record<string, Tensor> = { x: images };
      if (config.kind === 'vae') inputs['noise'] = tensor(new Float32Array(BATCH * 3 * 36), [BATCH, 3, 6, 6]);
      const out = runTfjs(config, 'training', params, inputs);
      expect(out['reconstruction']!.shape).toEqual([BATCH, 1, 12, 12]);
      if (config.kind === 'vae') {
        // With ε = 0 the training pass decodes the mean: the deterministic reconstruction.
        const deterministic = runTfjs(config, 'reconstruct', params, { x: images })['x']!;
        expect(largestDifference(out['reconstruction']!, deterministic)).toBeLessThanOrEqual(1e-6);
        // KL in closed form from the posterior.
        expect(out['kl']!.shape).toEqual([]);
        expect(out['kl']!.data[0]).toBeGreaterThan(0);
      }
      if (config.kind === 'vqvae') {
        expect(out['vectors']!.shape).toEqual([BATCH * 36, 4]);
        expect(out['commitment']!.data[0]).toBeCloseTo(0.25 * (out['codebook']!.data[0] as number), 6);
      }
    });
  }

  it('VAE: the KL term is ½ Σ (μ² + σ² − 1 − log σ²) per image, averaged over the batch', () => {
    const config = CONFIGS[0] as VaeConfig;
    const params = trained(config);
    const [mean, logVariance] = withTfjs(params, (tfParams) => {
      const posterior = vaePosterior(tfjsOps, tfParams, toTf(images), config);
      return [fromTf(posterior.mean), fromTf(posterior.logVariance)] as const;
    });
    let expected = 0;
    for (let i = 0; i < mean.data.length; i++) {
      const [mu, logVar] = [mean.data[i] as number, logVariance.data[i] as number];
      expected += 0.5 * (mu * mu + Math.exp(logVar) - 1 - logVar);
    }
    expected /= BATCH;
    const zeros = tensor(new Float32Array(BATCH * 3 * 36), [BATCH, 3, 6, 6]);
    const kl = runTfjs(config, 'training', params, { x: images, noise: zeros })['kl']!.data[0] as number;
    expect(kl).toBeCloseTo(expected, 3);
    expect(Math.abs(kl - expected) / expected).toBeLessThan(1e-5);
  });
});

describe('ONNX export of each graph', () => {
  for (const config of CONFIGS) {
    const graphs: AutoencoderGraph[] =
      config.kind === 'vae' ? ['encoder', 'decoder'] : ['encoder', 'quantizer', 'decoder'];
    for (const graph of graphs) {
      it(`${config.kind} ${graph}: onnxruntime-node matches tfjs (≤ 1e-4; tokens identical)`, async () => {
        const params = trained(config);
        const latent = runTfjs(config, 'encoder', params, { x: images })['latent']!;
        const tokens =
          config.kind === 'vae' ? undefined : runTfjs(config, 'quantizer', params, { latent })['tokens']!;
        const inputs: Record<string, Tensor> =
          graph === 'encoder'
            ? { x: images }
            : graph === 'quantizer'
              ? { latent }
              : config.kind === 'vae'
                ? { latent }
                : { tokens: tokens! };
        const bytes = exportOnnx(
          autoencoderModel(config, graph),
          params,
          autoencoderInputSpecs(config, graph),
        );
        const runner = await createNodeRunner(bytes);
        try {
          const onnx = await runner.run(inputs);
          const expected = runTfjs(config, graph, params, inputs);
          for (const [name, value] of Object.entries(expected)) {
            expect(onnx[name]!.shape).toEqual(value.shape);
            if (value.dtype === 'int32') expect([...onnx[name]!.data]).toEqual([...value.data]);
            else expect(largestDifference(onnx[name]!, value)).toBeLessThanOrEqual(1e-4);
          }
        } finally {
          await runner.release();
        }
      });
    }
  }
});

describe('bad input', () => {
  it('names the graph, the input and both shapes for a latent or token grid of the wrong shape', () => {
    const [vae, vqvae] = CONFIGS as [AutoencoderConfig, AutoencoderConfig];
    const latent = tensor(new Float32Array(2 * 3 * 7 * 7), [2, 3, 7, 7]);
    expect(() => runTfjs(vae, 'decoder', trained(vae), { latent })).toThrow(
      "autoencoder decoder: input 'latent' is float32 [2, 3, 7, 7]; this vae expects float32 (batch, 3, 6, 6)",
    );
    const tokens = tensor(new Float32Array(2 * 36), [2, 6, 6]);
    expect(() => runTfjs(vqvae, 'decoder', trained(vqvae), { tokens })).toThrow(
      "autoencoder decoder: input 'tokens' is float32 [2, 6, 6]; this vqvae expects int32 (batch, 6, 6)",
    );
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutoencoderConfig, convAutoencoderConfig } from '@latentlab/autoencoders';
import { readModelCard } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import {
  type AutoencoderRecipe,
  datasetEvaluation,
  loadAutoencoderCheckpoint,
  loadTokenizer,
  loadTrainingData,
  runGraphOnTfjs,
  type TokenRecipe,
  tokenizeImages,
  tokensFile,
  train,
  writeTokensFile,
} from '@latentlab/runs';
import { tensor } from '@latentlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';

/** Tiny networks (8, 8 and 16 channels) for a few steps: enough to check the plumbing end to end. */
const network = (latentChannels: number) =>
  convAutoencoderConfig({ latentChannels, channels: [8, 8, 16], groups: 4 });
const MODELS: Record<string, AutoencoderConfig> = {
  vae: { kind: 'vae', ...network(2) },
  vqvae: { kind: 'vqvae', ...network(4), codebookSize: 32, l2Normalize: true, beta: 0.25 },
  fsq: { kind: 'fsq', ...network(3), levels: [5, 4, 3] },
};

const recipe = (kind: string): AutoencoderRecipe => ({
  name: `tiny-${kind}-mnist`,
  description: 'a test autoencoder',
  dataset: 'mnist',
  model: MODELS[kind]!,
  autoencoder: {
    distance: 'mse',
    klWeight: 1e-4,
    codebook: { update: 'loss', restartDeadCodes: true, kMeansInit: true },
  },
  defaults: { batchSize: 16, learningRate: 3e-3, steps: 6, sampleEvery: 0, checkpointEvery: 0 },
});

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'latentlab-autoencoders-'));
  for (const kind of Object.keys(MODELS)) {
    await train({ recipe: recipe(kind), out: join(root, kind), progress: { write: () => true } });
  }
}, 300_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('latentlab train, export and eval of autoencoders', () => {
  for (const kind of Object.keys(MODELS)) {
    it(`${kind}: export writes verified graphs with matching cards; eval scores reconstructions`, async () => {
      const run = join(root, kind);
      expect(existsSync(join(run, 'samples-6.png'))).toBe(true);
      const exported = await runCaptured(['export', '--checkpoint', run, '--out', join(run, 'onnx')]);
      expect(exported.stderr).not.toContain('Error');
      expect(exported.code).toBe(0);
      const graphs = kind === 'vae' ? ['encoder', 'decoder'] : ['encoder', 'quantizer', 'decoder'];
      const cards = graphs.map((graph) =>
        readModelCard(new Uint8Array(readFileSync(join(run, 'onnx', `${graph}.onnx`))), graph),
      );
      expect(cards.map((card) => card.kind)).toEqual(graphs);
      for (const card of cards) {
        expect(card.autoencoder!.family).toBe(kind);
        expect(card.autoencoder!.latentShape).toEqual([MODELS[kind]!.latentChannels, 7, 7]);
        expect(card.training!.steps).toBe(6);
      }
      if (kind === 'vae') {
        expect(cards[0]!.autoencoder!.latentScaling!.scale).toBeGreaterThan(0);
        expect(cards[0]!.autoencoder!.tokenizerId).toBeUndefined();
      } else {
        const ids = new Set(cards.map((card) => card.autoencoder!.tokenizerId));
        expect(ids.size).toBe(1);
        expect([...ids][0]).toMatch(/^[0-9a-f]{16}$/);
        expect(cards[2]!.autoencoder!.vocabularySize).toBe(kind === 'vqvae' ? 32 : 60);
      }
      const again = await runCaptured(['export', '--checkpoint', run, '--out', join(run, 'onnx')]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists: --force replaces it');

      const evaluated = await runCaptured(['eval', '--checkpoint', run, '--samples', '200']);
      expect(evaluated.code).toBe(0);
      expect(evaluated.stdout).toContain('200 test images reconstructed: PSNR');
      const record = JSON.parse(readFileSync(join(run, 'eval.jsonl'), 'utf8').trim().split('\n').at(-1)!);
      expect(record.task).toBe('reconstruction');
      expect(record.psnr).toBeGreaterThan(0);
      expect(record.accuracy).toBeGreaterThanOrEqual(0);
      expect(record.codebook_usage === null).toBe(kind === 'vae');
      const runCard = JSON.parse(readFileSync(join(run, 'model-card.json'), 'utf8'));
      expect(runCard.kind).toBe('autoencoder');
      expect(runCard.metrics.at(-1).psnr).toBe(record.psnr);
    }, 300_000);
  }

  it('vqvae: the exported quantizer gives the tokens tfjs gives on the whole test split', async () => {
    const run = join(root, 'vqvae');
    if (!existsSync(join(run, 'onnx', 'encoder.onnx'))) {
      expect(
        (await runCaptured(['export', '--checkpoint', run, '--out', join(run, 'onnx'), '--force'])).code,
      ).toBe(0);
    }
    const { tensors, state } = loadAutoencoderCheckpoint(run);
    const { images } = datasetEvaluation('mnist')!.loadTestSplit();
    const encoder = await createNodeRunner(new Uint8Array(readFileSync(join(run, 'onnx', 'encoder.onnx'))));
    const quantizer = await createNodeRunner(
      new Uint8Array(readFileSync(join(run, 'onnx', 'quantizer.onnx'))),
    );
    try {
      let differing = 0;
      for (let start = 0; start < 10_000; start += 250) {
        // Batches of 250 keep the activations in cache (1000 took ~2× as long on tfjs).
        const x = tensor(images.data.slice(start * 784, (start + 250) * 784), [250, 1, 28, 28]);
        const latent = runGraphOnTfjs(state.modelConfig, 'encoder', tensors.ema, { x })['latent']!;
        const expected = runGraphOnTfjs(state.modelConfig, 'quantizer', tensors.ema, { latent })['tokens']!;
        const onnxLatent = (await encoder.run({ x }))['latent']!;
        const tokens = (await quantizer.run({ latent: onnxLatent }))['tokens']!;
        differing += [...expected.data].filter((token, i) => token !== tokens.data[i]).length;
      }
      expect(differing).toBe(0);
    } finally {
      await encoder.release();
      await quantizer.release();
    }
  }, 300_000);

  it('refuses what does not fit an autoencoder run, naming it', async () => {
    const run = join(root, 'fsq');
    const sampled = await runCaptured([
      'sample',
      '--checkpoint',
      run,
      '--out',
      join(root, 'grid.npy'),
      '--format',
      'npy',
    ]);
    expect(sampled.code).toBe(1);
    expect(sampled.stderr).toContain('--format npy: a tiny-fsq-mnist run draws a png grid only');
    const reconstructed = await runCaptured(['sample', '--checkpoint', run, '--out', join(root, 'grid.png')]);
    expect(reconstructed.code).toBe(0);
    expect(existsSync(join(root, 'grid.png'))).toBe(true);
    const single = await runCaptured(['export', '--checkpoint', run, '--onnx', join(root, 'x.onnx')]);
    expect(single.code).toBe(1);
    expect(single.stderr).toContain('give --out DIR (not --onnx)');
    const tokenized = await runCaptured(['tokenize', '--tokenizer', join(root, 'vae')]);
    expect(tokenized.code).toBe(1);
    expect(tokenized.stderr).toContain('is a VAE run (tiny-vae-mnist): its latent is continuous');
    const missing = await runCaptured(['tokenize']);
    expect(missing.stderr).toContain('--tokenizer DIR (a vqvae-* or fsq-* run) is required');
  });
});

const arRecipe: TokenRecipe = {
  name: 'tiny-ar-mnist',
  description: 'a test token model',
  dataset: 'mnist',
  model: { kind: 'ar', width: 16, depth: 1, heads: 2, mlpRatio: 2 },
  tokens: { order: 'raster' },
  defaults: { batchSize: 16, learningRate: 3e-3, steps: 4, sampleEvery: 0, checkpointEvery: 0 },
};

describe('latentlab train, export and eval of a token model on a tokenizer run', () => {
  it('trains on the tokenizer’s cached tokens, exports a verified KV-cached step graph, and scores samples', async () => {
    const tokenizer = join(root, 'vqvae');
    const out = join(root, 'ar');
    // The tokens of the first 2,000 training images, cached where tokenizeDataset looks (60,000 take a minute).
    const loaded = loadTokenizer(tokenizer);
    const data = loadTrainingData('mnist', 0);
    const tokens = tokenizeImages(loaded, data.examples.subarray(0, 2000 * 784), [1, 28, 28]);
    writeTokensFile(tokensFile(tokenizer, 'mnist', 'train'), tokens, data.labels.slice(0, 2000), 49, loaded);
    await train({ recipe: arRecipe, tokenizer, out, progress: { write: () => true } });
    expect(existsSync(join(tokenizer, 'tokens-mnist-test.safetensors'))).toBe(false);
    expect(existsSync(join(out, 'samples-4.png'))).toBe(true);
    const runCard = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(runCard.kind).toBe('token-model');
    expect(runCard.tokenModel.vocabularySize).toBe(32);
    expect(runCard.tokenModel.tokenGrid).toEqual([7, 7]);

    const exported = await runCaptured(['export', '--checkpoint', out, '--onnx', join(out, 'step.onnx')]);
    expect(exported.stderr).not.toContain('Error');
    expect(exported.code).toBe(0);
    const card = readModelCard(new Uint8Array(readFileSync(join(out, 'step.onnx'))), 'step.onnx');
    expect(card.tokenModel!.kvCache).toEqual({ layers: 1, heads: 2, headDim: 8 });
    expect(card.tokenModel!.tokenizerId).toBe(runCard.tokenModel.tokenizerId);
    expect(card.tokenModel!.tokenizerId).toMatch(/^[0-9a-f]{16}$/);

    // The exported step graph samples from the CLI with its tokenizer's decoder (the app's pipeline).
    const npy = join(out, 'onnx-samples.npy');
    const decoder = join(tokenizer, 'onnx', 'decoder.onnx'); // exported by the first describe's vqvae case
    const sampled = await runCaptured([
      ...['sample', '--onnx', join(out, 'step.onnx'), '--decoder', decoder, '--classes', '3,5'],
      ...['--per-class', '2', '--seed', '5', '--format', 'npy', '--out', npy],
    ]);
    expect(sampled.stderr).not.toContain('Error');
    expect(sampled.stdout).toContain('wrote 4 samples');
    const header = readFileSync(npy)
      .subarray(10, 10 + readFileSync(npy).readUInt16LE(8))
      .toString('latin1');
    expect(header).toContain("'shape': (4, 28, 28)");
    const labels = readFileSync(`${npy.replace(/\.npy$/, '')}.labels.npy`);
    expect([
      ...new Int32Array(
        labels.buffer.slice(labels.byteOffset + labels.length - 16, labels.byteOffset + labels.length),
      ),
    ]).toEqual([3, 3, 5, 5]);
    const wrongDecoder = await runCaptured([
      ...['sample', '--onnx', join(out, 'step.onnx'), '--decoder', join(root, 'vae', 'onnx', 'decoder.onnx')],
      ...['--out', join(out, 'wrong.png')],
    ]);
    expect(wrongDecoder.code).not.toBe(0);
    expect(wrongDecoder.stderr).toMatch(
      /models the tokens of tokenizer [0-9a-f]{16} but the decoder .* belongs to tokenizer \(none\)/,
    );
    const noDecoder = await runCaptured([
      'sample',
      '--onnx',
      join(out, 'step.onnx'),
      '--out',
      join(out, 'x.png'),
    ]);
    expect(noDecoder.stderr).toContain('needs its tokenizer');

    const evaluated = await runCaptured(['eval', '--checkpoint', out, '--samples', '20', '--cfg', '1,2']);
    expect(evaluated.stderr).not.toContain('Error');
    expect(evaluated.code).toBe(0);
    expect(existsSync(join(tokenizer, 'tokens-mnist-test.safetensors'))).toBe(true); // bits per token
    const records = readFileSync(join(out, 'eval.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((record) => record.cfg)).toEqual([1, 2]);
    expect(records[0].bits_per_token).toBeGreaterThan(0);
    expect(records[0].bits_per_token).toBeLessThan(Math.log2(32) + 1);

    // The exported file evaluates through the same pipeline as `sample --onnx` (no bits per token).
    const onnxEval = await runCaptured([
      ...['eval', '--checkpoint', out, '--onnx', join(out, 'step.onnx'), '--decoder', decoder],
      ...['--samples', '20', '--cfg', '2', '--batch-size', '7', '--reference', '500'],
    ]);
    expect(onnxEval.stderr).not.toContain('Error');
    expect(onnxEval.code).toBe(0);
    expect(onnxEval.stdout).toContain('bits per token not measured');
    const onnxRecord = JSON.parse(readFileSync(join(out, 'eval.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(onnxRecord).toMatchObject({ task: 'tokens', architecture: 'ar', samples: 20, cfg: 2, steps: 49 });
    expect(onnxRecord.bits_per_token).toBeNull();
    expect(onnxRecord.fid).toBeGreaterThan(0);
    expect(onnxRecord.fid_floor).toBeGreaterThan(0);
    expect(onnxRecord.accuracy).toBeGreaterThanOrEqual(0);
    expect(onnxRecord.accuracy).toBeLessThanOrEqual(1);
    const graphEval = await runCaptured(['eval', '--checkpoint', out, '--onnx', decoder]);
    expect(graphEval.code).not.toBe(0);
    expect(graphEval.stderr).toContain('one graph of an exported autoencoder');
    const graphSample = await runCaptured(['sample', '--onnx', decoder, '--out', join(out, 'd.png')]);
    expect(graphSample.code).not.toBe(0);
    expect(graphSample.stderr).toContain("kind 'decoder', a graph of an autoencoder");
  }, 300_000);

  it('MaskGIT: trains on the same tokens, exports its verified masked graph, and scores samples per iteration count', async () => {
    const out = join(root, 'maskgit');
    const recipe: TokenRecipe = {
      ...arRecipe,
      name: 'tiny-maskgit-mnist',
      model: { ...arRecipe.model, kind: 'maskgit' },
      tokens: { order: 'masked' },
    };
    await train({ recipe, tokenizer: join(root, 'vqvae'), out, progress: { write: () => true } });
    expect(JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8')).tokenModel.architecture).toBe(
      'maskgit',
    );
    const exported = await runCaptured(['export', '--checkpoint', out, '--onnx', join(out, 'masked.onnx')]);
    expect(exported.stderr).not.toContain('Error');
    expect(exported.code).toBe(0);
    const card = readModelCard(new Uint8Array(readFileSync(join(out, 'masked.onnx'))), 'masked.onnx');
    expect(card.inputs.map((input) => input.name)).toEqual(['tokens', 'class']);
    expect(card.tokenModel!.kvCache).toBeUndefined();
    const evaluated = await runCaptured([
      'eval',
      '--checkpoint',
      out,
      '--samples',
      '20',
      '--steps',
      '4,8',
      '--cfg',
      '2',
    ]);
    expect(evaluated.code).toBe(0);
    const records = readFileSync(join(out, 'eval.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((record) => [record.architecture, record.steps])).toEqual([
      ['maskgit', 4],
      ['maskgit', 8],
    ]);
    expect(records[0].bits_per_token).toBeGreaterThan(0);
    const sampled = await runCaptured([
      'sample',
      '--checkpoint',
      out,
      '--out',
      join(out, 'grid.png'),
      '--steps',
      '4',
      '--classes',
      '1,2',
    ]);
    expect(sampled.stdout).toContain('wrote 16 images');
  }, 300_000);

  it('refuses a VAE as tokenizer and a resume on another tokenizer, naming both', async () => {
    await expect(
      train({
        recipe: arRecipe,
        tokenizer: join(root, 'vae'),
        out: join(root, 'ar-vae'),
        progress: { write: () => true },
      }),
    ).rejects.toThrow('is a VAE run: its latent is continuous; a token model needs a VQ-VAE or FSQ run');
    await expect(
      train({
        recipe: arRecipe,
        tokenizer: join(root, 'fsq'),
        out: join(root, 'ar'),
        resume: true,
        steps: 8,
        progress: { write: () => true },
      }),
    ).rejects.toThrow(
      /tokenizer .*fsq: is tokenizer [0-9a-f]{16}, but .*ar was trained on tokenizer [0-9a-f]{16} .*; it resumes only on that one/,
    );
  }, 120_000);
});

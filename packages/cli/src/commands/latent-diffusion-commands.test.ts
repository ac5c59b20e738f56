import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convAutoencoderConfig } from '@latentlab/autoencoders';
import { ditConfig } from '@latentlab/dit';
import { readModelCard } from '@latentlab/onnx';
import {
  type AutoencoderRecipe,
  type DiffusionRecipe,
  encodeLatents,
  type LatentRunInfo,
  latentScalingOf,
  latentsFile,
  loadAutoencoderCheckpoint,
  loadLatentAutoencoder,
  loadTrainingData,
  readRunState,
  sampleRun,
  train,
  writeLatentsFile,
} from '@latentlab/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';

const quiet = { write: () => true };

/** A tiny VAE (8, 8, 16 channels → 7×7×2 latents) for a few steps: enough for the plumbing. */
const vaeRecipe: AutoencoderRecipe = {
  name: 'tiny-vae-mnist',
  description: 'a test VAE',
  dataset: 'mnist',
  model: { kind: 'vae', ...convAutoencoderConfig({ latentChannels: 2, channels: [8, 8, 16], groups: 4 }) },
  autoencoder: { distance: 'mse', klWeight: 1e-4 },
  defaults: { batchSize: 16, learningRate: 3e-3, steps: 6, sampleEvery: 0, checkpointEvery: 0 },
};

/** A tiny latent DiT (D 16, 1 block); channels and size come from the VAE. */
const ldmRecipe: DiffusionRecipe = {
  name: 'tiny-ldm-mnist',
  description: 'a test latent denoiser',
  dataset: 'mnist',
  model: {
    kind: 'dit',
    ...ditConfig({
      imageSize: 7,
      channels: 4,
      patchSize: 1,
      hiddenSize: 16,
      depth: 1,
      heads: 2,
      classes: 10,
    }),
  },
  diffusion: { process: 'rf', target: 'x0', weighting: 'uniform' },
  latent: { autoencoder: 'vae' },
  defaults: { batchSize: 16, learningRate: 1e-3, steps: 4, sampleEvery: 0, checkpointEvery: 0 },
};

let root: string;
const vae = () => join(root, 'vae');
const otherVae = () => join(root, 'vae-other');
const ldm = () => join(root, 'ldm');
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'latentlab-ldm-'));
  await train({ recipe: vaeRecipe, out: vae(), progress: quiet });
  await train({ recipe: vaeRecipe, out: otherVae(), seed: 1, progress: quiet });
  // The latents of the first 2,000 training images, cached where trainingLatents looks (encoding all 60,000
  // took ~30 s of the suite and proves nothing more here).
  const autoencoder = loadLatentAutoencoder(vae());
  const data = loadTrainingData('mnist', 0);
  const latents = encodeLatents(autoencoder, data.examples.subarray(0, 2000 * 784), [1, 28, 28]);
  writeLatentsFile(autoencoder, 'mnist', latents, data.labels.slice(0, 2000));
  await train({ recipe: ldmRecipe, out: ldm(), autoencoder: vae(), progress: quiet });
}, 600_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('latent diffusion: train, sample, export and eval over a VAE', () => {
  it('trains on the scaled latents of the VAE and records the VAE and the scaling', () => {
    const state = readRunState(ldm());
    const latent = state['latent'] as LatentRunInfo;
    const { tensors, state: vaeState } = loadAutoencoderCheckpoint(vae());
    expect(latent.directory).toBe(vae());
    expect(latent.recipe).toBe('tiny-vae-mnist');
    expect(latent.autoencoderId).toMatch(/^[0-9a-f]{16}$/);
    // the scaling is the one `latentlab export` writes into the VAE's cards
    expect(latent.latentScaling).toEqual(latentScalingOf(vaeState.modelConfig, tensors.ema, 'mnist'));
    expect(state.modelConfig).toMatchObject({ kind: 'dit', channels: 2, outputChannels: 2, imageSize: 7 });
    expect(existsSync(latentsFile(vae(), 'mnist'))).toBe(true);
    expect(existsSync(join(ldm(), 'samples-4.png'))).toBe(true);
    const card = JSON.parse(readFileSync(join(ldm(), 'model-card.json'), 'utf8'));
    expect(card.denoiser.sampleShape).toEqual([2, 7, 7]);
    expect(card.denoiser.latent).toEqual({
      autoencoderId: latent.autoencoderId,
      autoencoder: 'tiny-vae-mnist',
      latentScaling: latent.latentScaling,
      decoder: 'decoder.onnx',
    });
  });

  it('exports denoiser.onnx + decoder.onnx whose cards agree, and samples the pair in onnxruntime-node as tfjs does', async () => {
    const out = join(root, 'export');
    const exported = await runCaptured(['export', '--checkpoint', ldm(), '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const denoiser = readModelCard(new Uint8Array(readFileSync(join(out, 'denoiser.onnx'))));
    const decoder = readModelCard(new Uint8Array(readFileSync(join(out, 'decoder.onnx'))));
    expect(decoder.kind).toBe('decoder');
    expect(decoder.autoencoder!.autoencoderId).toBe(denoiser.denoiser!.latent!.autoencoderId);
    expect(decoder.autoencoder!.latentScaling).toEqual(denoiser.denoiser!.latent!.latentScaling);

    const request = { classes: [3, 7], perClass: 3, steps: 6, guidanceScale: 2, seed: 5 };
    const onnx = await sampleRun({ ...request, onnx: join(out, 'denoiser.onnx') });
    const tfjs = await sampleRun({ ...request, checkpoint: ldm(), engine: 'tfjs' });
    expect(onnx.sampleShape).toEqual([1, 28, 28]); // decoded images, not latents
    expect(onnx.samples.length).toBe(6 * 784);
    let difference = 0;
    for (let i = 0; i < onnx.samples.length; i++) {
      difference = Math.max(difference, Math.abs(onnx.samples[i]! - tfjs.samples[i]!));
    }
    // six guided Euler steps through both graphs, then the decoder: each graph agrees within 1e-4
    expect(difference).toBeLessThanOrEqual(1e-4);
    const spread = Math.max(...onnx.samples) - Math.min(...onnx.samples);
    expect(spread).toBeGreaterThan(0.01); // not a constant image

    const grid = await runCaptured([
      'sample',
      '--onnx',
      join(out, 'denoiser.onnx'),
      '--out',
      join(out, 'g.png'),
    ]);
    expect(grid.code).toBe(0);
    expect(grid.stdout).toContain('wrote 80 samples');
    const again = await runCaptured(['export', '--checkpoint', ldm(), '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists: --force replaces it');
  }, 300_000);

  it('eval scores the decoded samples with the classifier, beside the floor', async () => {
    const evaluated = await runCaptured([
      'eval',
      '--checkpoint',
      ldm(),
      '--samples',
      '20',
      '--steps',
      '2',
      '--cfg',
      '1',
      '--reference',
      '500',
    ]);
    expect(evaluated.stderr).not.toContain('Error');
    expect(evaluated.code).toBe(0);
    const record = JSON.parse(readFileSync(join(ldm(), 'eval.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(record.samples).toBe(20);
    expect(Number.isFinite(record.fid)).toBe(true);
    expect(record.fid).toBeGreaterThan(0);
    expect(record.accuracy).toBeGreaterThanOrEqual(0);
  }, 300_000);

  it('refuses a decoder of another VAE, naming both sides', async () => {
    const mixed = join(root, 'mixed');
    mkdirSync(mixed, { recursive: true });
    const other = await runCaptured([
      'export',
      '--checkpoint',
      otherVae(),
      '--out',
      join(root, 'other-onnx'),
    ]);
    expect(other.code).toBe(0);
    copyFileSync(join(root, 'export', 'denoiser.onnx'), join(mixed, 'denoiser.onnx'));
    copyFileSync(join(root, 'other-onnx', 'decoder.onnx'), join(mixed, 'decoder.onnx'));
    const result = await runCaptured([
      'sample',
      '--onnx',
      join(mixed, 'denoiser.onnx'),
      '--out',
      join(mixed, 'g.png'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('denoiser.latent.autoencoderId');
    expect(result.stderr).toContain(join(mixed, 'decoder.onnx'));
    const ids = [readRunState(ldm())['latent'] as LatentRunInfo].map((latent) => latent.autoencoderId);
    expect(result.stderr).toContain(`autoencoder ${ids[0]}`);
    rmSync(join(mixed, 'decoder.onnx'));
    const missing = await runCaptured([
      'sample',
      '--onnx',
      join(mixed, 'denoiser.onnx'),
      '--out',
      join(mixed, 'g.png'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is a latent model: its decoder');
  }, 300_000);

  it('refuses a missing --autoencoder, --onnx for the pair, and a resume on another VAE', async () => {
    const noVae = await runCaptured([
      'train',
      '--recipe',
      'ldm-dit-mnist',
      '--out',
      join(root, 'x'),
      '--steps',
      '1',
    ]);
    expect(noVae.code).toBe(1);
    expect(noVae.stderr).toContain('--autoencoder DIR (a vae-* run) is required');

    const onnx = await runCaptured(['export', '--checkpoint', ldm(), '--onnx', join(root, 'one.onnx')]);
    expect(onnx.code).toBe(1);
    expect(onnx.stderr).toContain('it exports with its VAE decoder, so give --out DIR');

    await expect(
      train({
        recipe: ldmRecipe,
        out: ldm(),
        resume: true,
        steps: 6,
        autoencoder: otherVae(),
        progress: quiet,
      }),
    ).rejects.toThrow(
      /autoencoder .*: is autoencoder [0-9a-f]{16}, but .* was trained on the latents of autoencoder [0-9a-f]{16} .*; it resumes only on that one/,
    );
  }, 300_000);
});

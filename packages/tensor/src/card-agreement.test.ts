import { describe, expect, it } from 'vitest';
import { checkLatentAgreement, checkTokenizerAgreement, checkTokenRange } from './card-agreement.js';
import { MODEL_CARD_FORMAT, type ModelCard } from './model-card.js';

const software = { package: '@latentlab/cli', version: '0.1.0', commit: null };
const tensors = {
  inputs: [{ name: 'x', role: 'x', shape: [1], dtype: 'int32' as const }],
  outputs: [{ name: 'y', role: 'y', shape: [1], dtype: 'float32' as const }],
};
const tokenModel = (tokenizerId: string, vocabularySize = 512): ModelCard => ({
  format: MODEL_CARD_FORMAT,
  kind: 'token-model',
  name: 'ar-mnist-step',
  ...tensors,
  tokenModel: {
    architecture: 'ar',
    vocabularySize,
    sequenceLength: 49,
    tokenGrid: [7, 7],
    classes: 10,
    nullClass: 10,
    tokenizerId,
    tokenizer: 'vqvae-mnist',
    config: {},
  },
  software,
});
const decoder = (tokenizerId: string | undefined): ModelCard => ({
  format: MODEL_CARD_FORMAT,
  kind: 'decoder',
  name: 'vqvae-mnist-decoder',
  ...tensors,
  autoencoder: {
    family: 'vqvae',
    imageShape: [1, 28, 28],
    latentShape: [8, 7, 7],
    tokenGrid: [7, 7],
    vocabularySize: 512,
    dataScaling: { scale: 2, shift: -1 },
    ...(tokenizerId ? { tokenizerId } : {}),
    config: {},
  },
  software,
});

describe('checkTokenizerAgreement', () => {
  it('accepts a token model and a decoder of the same tokenizer; names both sides otherwise', () => {
    expect(() =>
      checkTokenizerAgreement(tokenModel('aaaa'), 'step.onnx', decoder('aaaa'), 'decoder.onnx'),
    ).not.toThrow();
    expect(() =>
      checkTokenizerAgreement(tokenModel('aaaa'), 'step.onnx', decoder('bbbb'), 'decoder.onnx'),
    ).toThrow(
      'step.onnx: model card field tokenModel.tokenizerId: the token model was trained on tokenizer aaaa (vqvae-mnist) but decoder.onnx belongs to tokenizer bbbb',
    );
    expect(() =>
      checkTokenizerAgreement(tokenModel('aaaa', 1000), 'step.onnx', decoder('aaaa'), 'decoder.onnx'),
    ).toThrow('1000 token values, but decoder.onnx reads 512');
    expect(() =>
      checkTokenizerAgreement(tokenModel('aaaa'), 'step.onnx', decoder(undefined), 'vae.onnx'),
    ).toThrow('vae.onnx: model card field autoencoder.tokenizerId');
  });
});

describe('checkTokenRange', () => {
  it('names the first token outside the codebook, its position and the range', () => {
    expect(() => checkTokenRange([0, 5, 511], 512, 'tokens')).not.toThrow();
    expect(() => checkTokenRange([0, 512, 3], 512, 'decoder input')).toThrow(
      'decoder input: token 512 at position 1 is outside the codebook (0 … 511)',
    );
    expect(() => checkTokenRange([-1], 512, 'tokens')).toThrow('token -1 at position 0');
  });
});

const latentDenoiser = (autoencoderId: string, scale = 1.7, sampleShape = [4, 7, 7]): ModelCard => ({
  format: MODEL_CARD_FORMAT,
  kind: 'denoiser',
  name: 'ldm-dit-mnist',
  ...tensors,
  denoiser: {
    process: 'rf',
    target: 'x0',
    classes: 10,
    nullClass: 10,
    sampleShape,
    dataScaling: { scale: 2, shift: -1 },
    latent: {
      autoencoderId,
      autoencoder: 'vae-mnist',
      latentScaling: { scale, shift: 0.1 },
      decoder: 'decoder.onnx',
    },
  },
  software,
});
const vaeDecoder = (autoencoderId: string): ModelCard => ({
  format: MODEL_CARD_FORMAT,
  kind: 'decoder',
  name: 'vae-mnist-decoder',
  ...tensors,
  autoencoder: {
    family: 'vae',
    imageShape: [1, 28, 28],
    latentShape: [4, 7, 7],
    dataScaling: { scale: 2, shift: -1 },
    latentScaling: { scale: 1.7, shift: 0.1 },
    autoencoderId,
    config: {},
  },
  software,
});

describe('checkLatentAgreement', () => {
  it('accepts a latent denoiser and the decoder of its autoencoder; names both sides otherwise', () => {
    expect(() =>
      checkLatentAgreement(latentDenoiser('aaaa'), 'denoiser.onnx', vaeDecoder('aaaa'), 'decoder.onnx'),
    ).not.toThrow();
    expect(() =>
      checkLatentAgreement(latentDenoiser('aaaa'), 'denoiser.onnx', vaeDecoder('bbbb'), 'other/decoder.onnx'),
    ).toThrow(
      'denoiser.onnx: model card field denoiser.latent.autoencoderId: the denoiser was trained on the latents of autoencoder aaaa (vae-mnist) but other/decoder.onnx belongs to autoencoder bbbb',
    );
    expect(() =>
      checkLatentAgreement(
        latentDenoiser('aaaa', 1.7, [8, 7, 7]),
        'd.onnx',
        vaeDecoder('aaaa'),
        'decoder.onnx',
      ),
    ).toThrow('samples of [8, 7, 7] but decoder.onnx decodes latents of [4, 7, 7]');
    expect(() =>
      checkLatentAgreement(latentDenoiser('aaaa', 2), 'd.onnx', vaeDecoder('aaaa'), 'decoder.onnx'),
    ).toThrow('denoiser.latent.latentScaling: {"scale":2,"shift":0.1} but decoder.onnx has');
    expect(() =>
      checkLatentAgreement(latentDenoiser('aaaa'), 'd.onnx', decoder('aaaa'), 'vq/decoder.onnx'),
    ).toThrow('belongs to autoencoder (no id)');
    expect(() =>
      checkLatentAgreement(tokenModel('aaaa'), 'step.onnx', vaeDecoder('aaaa'), 'decoder.onnx'),
    ).toThrow('step.onnx: model card field denoiser.latent');
  });
});

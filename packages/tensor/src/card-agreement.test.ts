import { describe, expect, it } from 'vitest';
import { checkTokenizerAgreement, checkTokenRange } from './card-agreement.js';
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

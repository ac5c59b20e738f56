import { createRng, tensor, writeSafetensors } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { initClassifier } from './classifier.js';
import { ClassifierWeightsError } from './errors.js';
import { classifierWeightsPath, loadClassifier, parseClassifierWeights } from './load.js';
import type { ClassifierDataset } from './weights-file.js';

const valid = () => initClassifier(createRng(0));

describe('parseClassifierWeights', () => {
  it('accepts a complete store', () => {
    const { params } = parseClassifierWeights(
      writeSafetensors(valid(), { dataset: 'mnist' }),
      'mnist',
      'ok.safetensors',
    );
    expect(params.get('fc.weight')?.shape).toEqual([128, 2304]);
  });

  it('names the file and the problem for truncated bytes', () => {
    const bytes = writeSafetensors(valid());
    const parse = () =>
      parseClassifierWeights(bytes.subarray(0, bytes.length - 100), 'mnist', 'cut.safetensors');
    expect(parse).toThrow(ClassifierWeightsError);
    expect(parse).toThrow(/^cut\.safetensors: safetensors: not a readable safetensors file/);
  });

  it('names a tensor with the wrong shape', () => {
    const store = valid();
    store.set('conv2.weight', tensor(new Float32Array(64 * 32 * 9), [64, 32, 9]));
    expect(() => parseClassifierWeights(writeSafetensors(store), 'mnist', 'w.safetensors')).toThrow(
      'w.safetensors: conv2.weight: expected shape [64, 32, 3, 3], found [64, 32, 9]',
    );
  });

  it('names a missing tensor, an extra tensor and non-finite values', () => {
    const missing = valid();
    missing.delete('head.bias');
    expect(() => parseClassifierWeights(writeSafetensors(missing), 'mnist', 'm')).toThrow(
      /m: head\.bias: missing/,
    );
    const extra = valid();
    extra.set('conv3.weight', tensor([1], [1]));
    expect(() => parseClassifierWeights(writeSafetensors(extra), 'mnist', 'e')).toThrow(
      /e: conv3\.weight: unexpected tensor/,
    );
    const broken = valid();
    broken.set('fc.bias', tensor(new Float32Array(128).fill(Number.NaN), [128]));
    expect(() => parseClassifierWeights(writeSafetensors(broken), 'mnist', 'n')).toThrow(
      /n: fc\.bias: expected finite values/,
    );
  });

  it('rejects weights written for the other dataset and unknown datasets', () => {
    const bytes = writeSafetensors(valid(), { dataset: 'fashion-mnist' });
    expect(() => parseClassifierWeights(bytes, 'mnist', 'f')).toThrow(
      "f: metadata.dataset: expected 'mnist', found 'fashion-mnist'",
    );
    expect(() => loadClassifier('cifar10' as ClassifierDataset)).toThrow(
      /dataset: expected one of mnist, fashion-mnist, found 'cifar10'/,
    );
  });

  it('finds the shipped files inside the package', () => {
    expect(classifierWeightsPath('mnist')).toMatch(/metrics[/\\]weights[/\\]mnist-classifier\.safetensors$/);
    expect(classifierWeightsPath('fashion-mnist')).toMatch(/fashion-mnist-classifier\.safetensors$/);
  });
});

import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import {
  createRng,
  declareParams,
  type ModelFunction,
  paramsFromMap,
  type Tensor,
  tensor,
} from '@latentlab/tensor';
import { fromTf, runModel, TrainableParams, tf, tfjsOps, toTf, useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { codebookUsage, type VectorQuantizerOptions, vectorQuantize } from './vector-quantize.js';

beforeAll(() => useBackend('cpu'));

const OPTIONS: VectorQuantizerOptions = { codebookSize: 16, codeDim: 8 };
const N = 400;
const z = tensor(Float32Array.from(createRng(5).normal(N * 8)), [N, 8]);

const model =
  (options: VectorQuantizerOptions): ModelFunction =>
  (ops, params, inputs) => {
    const result = vectorQuantize(ops, params, inputs['z']!, options);
    return {
      quantized: result.quantized,
      indices: result.indices,
      codebookLoss: result.codebookLoss,
      commitmentLoss: result.commitmentLoss,
    };
  };
const initial = (options: VectorQuantizerOptions) =>
  declareParams(model(options), { z: { shape: [N, 8], dtype: 'float32' } }, createRng(9));

/** The nearest code of each row, by brute force in float64 (cosine when normalised). */
function nearest(values: Float32Array, codebook: Float32Array, normalize: boolean): number[] {
  const unit = (row: Float32Array) => {
    const norm = Math.sqrt(row.reduce((sum, value) => sum + value * value, 0) + 1e-12);
    return normalize ? row.map((value) => value / norm) : row;
  };
  const codes = Array.from({ length: 16 }, (_, k) => unit(codebook.slice(k * 8, k * 8 + 8)));
  return Array.from({ length: values.length / 8 }, (_, row) => {
    const vector = unit(values.slice(row * 8, row * 8 + 8));
    let best = 0;
    let bestDistance = Infinity;
    codes.forEach((code, k) => {
      const distance = code.reduce((sum, value, i) => sum + (value - vector[i]!) ** 2, 0);
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    });
    return best;
  });
}

function runOnTfjs(options: VectorQuantizerOptions, params: Map<string, Tensor>) {
  const outputs = tf.tidy(() => {
    const tfParams = paramsFromMap(new Map([...params].map(([name, value]) => [name, toTf(value)])));
    const result = runModel(model(options), tfParams, { z: toTf(z) });
    return Object.fromEntries(Object.entries(result).map(([name, value]) => [name, tf.keep(value)]));
  }) as Record<string, tf.Tensor>;
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, fromTf(value)]));
}

describe('vectorQuantize', () => {
  for (const l2Normalize of [true, false]) {
    it(`picks the nearest code (${l2Normalize ? 'cosine' : 'euclidean'}) and returns it, with the closed-form losses`, () => {
      const options = { ...OPTIONS, l2Normalize };
      const params = initial(options);
      const codebook = params.get('quantize.embedding.weight')!.data as Float32Array;
      const out = runOnTfjs(options, params);
      expect([...out['indices']!.data]).toEqual(nearest(z.data as Float32Array, codebook, l2Normalize));
      // quantized is the chosen (normalised) code; the losses are the mean squared distance (× β for commitment).
      const norm = (row: Float32Array) =>
        l2Normalize ? Math.sqrt(row.reduce((s, v) => s + v * v, 0) + 1e-12) : 1;
      let squared = 0;
      for (let row = 0; row < N; row++) {
        const k = out['indices']!.data[row] as number;
        const code = codebook.slice(k * 8, k * 8 + 8);
        const vector = (z.data as Float32Array).slice(row * 8, row * 8 + 8);
        for (let i = 0; i < 8; i++) {
          const q = code[i]! / norm(code);
          expect(out['quantized']!.data[row * 8 + i]).toBeCloseTo(q, 5);
          squared += (q - vector[i]! / norm(vector)) ** 2;
        }
      }
      expect(out['codebookLoss']!.data[0]).toBeCloseTo(squared / (N * 8), 5);
      expect(out['commitmentLoss']!.data[0]).toBeCloseTo((0.25 * squared) / (N * 8), 5);
    });
  }

  it('passes gradients straight through to z and trains the codes only through the codebook loss', () => {
    const options = { ...OPTIONS, l2Normalize: false };
    const params = new TrainableParams(initial(options));
    const weights = toTf(tensor(Float32Array.from(createRng(6).normal(N * 8)), [N, 8]));
    const zVariable = tf.variable(toTf(z) as tf.Tensor);
    const gradients = tf.grads((input: tf.Tensor) =>
      tf.sum(
        tf.mul(
          vectorQuantize(tfjsOps, params.params, input, options).quantized as tf.Tensor,
          weights as tf.Tensor,
        ),
      ),
    )([zVariable]);
    expect(fromTf(gradients[0]!).data).toEqual(fromTf(weights).data); // d/dz Σ w·q = w exactly
    const codebookGradient = tf.variableGrads(
      () => vectorQuantize(tfjsOps, params.params, zVariable, options).quantized.sum() as tf.Scalar,
    );
    expect(Object.keys(codebookGradient.grads)).not.toContain('quantize.embedding.weight'); // no path through q
    params.dispose();
  });

  it('exports to ONNX: identical indices and the same codes in onnxruntime-node', async () => {
    const params = initial(OPTIONS);
    const bytes = exportOnnx(
      model(OPTIONS),
      params,
      { z: { shape: ['batch', 8], dtype: 'float32' } },
      {
        outputNames: ['quantized', 'indices', 'codebookLoss', 'commitmentLoss'],
      },
    );
    const runner = await createNodeRunner(bytes);
    try {
      const onnx = await runner.run({ z });
      const expected = runOnTfjs(OPTIONS, params);
      expect([...onnx['indices']!.data]).toEqual([...expected['indices']!.data]);
      const largest = Math.max(
        ...(onnx['quantized']!.data as Float32Array).map((v, i) =>
          Math.abs(v - (expected['quantized']!.data[i] as number)),
        ),
      );
      expect(largest).toBeLessThanOrEqual(1e-6);
    } finally {
      await runner.release();
    }
  });
});

describe('codebookUsage', () => {
  it('is the fraction of codes seen and exp(entropy) of their frequencies', () => {
    expect(codebookUsage([0, 1, 2, 3], 4)).toEqual({ usage: 1, perplexity: expect.closeTo(4, 12) });
    expect(codebookUsage([5, 5, 5, 5], 8)).toEqual({ usage: 1 / 8, perplexity: 1 });
    const halves = codebookUsage([0, 0, 0, 1], 4); // p = 3/4, 1/4
    expect(halves.perplexity).toBeCloseTo(Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))), 12);
  });
});

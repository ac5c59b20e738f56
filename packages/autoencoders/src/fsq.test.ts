import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { createRng, type ModelFunction, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, runModel, tf, tfjsOps, toTf, useBackend } from '@latentlab/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fsqCodesToIndices, fsqGrid, fsqIndicesToCodes, fsqQuantize } from './fsq.js';
import { FsqError, fsqCodebookSize, fsqCodeToIndex, fsqIndexToCode } from './fsq-levels.js';

beforeAll(() => useBackend('cpu'));

const LEVELS = [8, 5, 5, 5];

/** z (n, 4): normal × 2, so every level of every channel is reached. */
function randomCodesInput(n: number, seed = 1) {
  return tensor(
    Float32Array.from(createRng(seed).normal(n * LEVELS.length), (value) => 2 * value),
    [n, LEVELS.length],
  );
}

describe('FSQ levels', () => {
  it('has ∏ L codes and maps every token index to a code and back', () => {
    expect(fsqCodebookSize([8, 5, 5, 5])).toBe(1000);
    expect(fsqCodebookSize([8, 6, 5])).toBe(240);
    for (const levels of [
      [8, 5, 5, 5],
      [8, 6, 5],
    ]) {
      const codes = new Set<string>();
      for (let index = 0; index < fsqCodebookSize(levels); index++) {
        const code = fsqIndexToCode(index, levels);
        expect(fsqCodeToIndex(code, levels)).toBe(index);
        codes.add([...code].join(','));
      }
      expect(codes.size).toBe(fsqCodebookSize(levels));
    }
    // L = 8: digits 0…7 → (d − 4)/4, so −1 … 0.75; L = 5: (d − 2)/2, so −1 … 1.
    expect([...fsqIndexToCode(0, LEVELS)]).toEqual([-1, -1, -1, -1]);
    expect([...fsqIndexToCode(999, LEVELS)]).toEqual([0.75, 1, 1, 1]);
    expect([...fsqIndexToCode(1, LEVELS)]).toEqual([-0.75, -1, -1, -1]); // channel 0 varies fastest
  });

  it('names bad levels, tokens and codes', () => {
    expect(() => fsqCodebookSize([8, 1])).toThrow(FsqError);
    expect(() => fsqIndexToCode(1000, LEVELS)).toThrow(
      'FSQ token 1000: expected an integer in 0…999 (levels [8, 5, 5, 5])',
    );
    expect(() => fsqCodeToIndex([0, 0, 0], LEVELS)).toThrow('FSQ code of 3 values: expected 4');
    expect(() => fsqCodeToIndex([0, 0, 0, 1.5], LEVELS)).toThrow('not on its 5-level grid');
  });
});

describe('fsqQuantize', () => {
  it('puts every code on the grid, reaches every level, and its indices match the framework-free mapping', () => {
    const z = randomCodesInput(2000);
    let codes: Tensor = z;
    let indices: Tensor = z;
    tf.tidy(() => {
      const quantized = fsqQuantize(tfjsOps, toTf(z), LEVELS);
      codes = fromTf(quantized);
      indices = fromTf(fsqCodesToIndices(tfjsOps, quantized, LEVELS));
    });
    const values = codes.data as Float32Array;
    for (let row = 0; row < 2000; row++) {
      const code = values.subarray(row * 4, row * 4 + 4);
      expect(indices.data[row]).toBe(fsqCodeToIndex(code, LEVELS));
    }
    for (const [channel, level] of LEVELS.entries()) {
      const distinct = new Set(Array.from({ length: 2000 }, (_, row) => values[row * 4 + channel]));
      expect(distinct.size).toBe(level);
    }
    let back: Tensor = z;
    tf.tidy(() => {
      back = fromTf(fsqIndicesToCodes(tfjsOps, toTf(indices), LEVELS));
    });
    expect(back.data).toEqual(codes.data);
    expect(fsqGrid(LEVELS).shape).toEqual([1000, 4]);
  });

  it('passes the gradient straight through rounding: d/dz = half_l·(1 − tanh²(z + shift))/⌊L/2⌋', () => {
    const z = randomCodesInput(50, 2);
    const weights = tensor(Float32Array.from(createRng(3).normal(200)), [50, 4]);
    let gradient: Tensor = z;
    tf.tidy(() => {
      const w = toTf(weights);
      const loss = (input: tf.Tensor) => tf.sum(tf.mul(fsqQuantize(tfjsOps, input, LEVELS) as tf.Tensor, w));
      gradient = fromTf(tf.grad(loss)(toTf(z)));
    });
    for (let index = 0; index < 200; index++) {
      const level = LEVELS[index % 4]!;
      const halfLevel = ((level - 1) * (1 - 1e-3)) / 2;
      const shift = Math.atanh((level % 2 === 0 ? 0.5 : 0) / halfLevel);
      const slope = 1 - Math.tanh((z.data[index] as number) + shift) ** 2;
      const expected = ((weights.data[index] as number) * halfLevel * slope) / Math.floor(level / 2);
      expect(gradient.data[index]).toBeCloseTo(expected, 5);
    }
  });

  it('exports to ONNX: the same codes and identical token indices in onnxruntime-node', async () => {
    const model: ModelFunction = (ops, _params, { z }) => {
      const codes = fsqQuantize(ops, z!, LEVELS);
      return { codes, indices: fsqCodesToIndices(ops, codes, LEVELS) };
    };
    const z = randomCodesInput(3000, 4);
    const bytes = exportOnnx(
      model,
      new Map(),
      { z: { shape: ['batch', 4], dtype: 'float32' } },
      { outputNames: ['codes', 'indices'] },
    );
    const runner = await createNodeRunner(bytes);
    try {
      const onnx = await runner.run({ z });
      const expected = runModel(model, paramsFromMap(new Map<string, tf.Tensor>()), { z: toTf(z) });
      const codes = fromTf(expected['codes']!);
      const indices = fromTf(expected['indices']!);
      const largest = Math.max(
        ...(onnx['codes']!.data as Float32Array).map((value, i) =>
          Math.abs(value - (codes.data[i] as number)),
        ),
      );
      expect(largest).toBeLessThanOrEqual(1e-6);
      expect([...onnx['indices']!.data]).toEqual([...indices.data]);
      expect(onnx['indices']!.dtype).toBe('int32');
    } finally {
      await runner.release();
    }
  });
});

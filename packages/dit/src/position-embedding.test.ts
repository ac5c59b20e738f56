import { createRng, paramsFromMap } from '@latentlab/tensor';
import { fromTf, tf, tfjsOps, toTf } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { initDit } from './init.js';
import { positionEmbedding, sincosPositionTable } from './position-embedding.js';
import { ditS4, ditTiny2 } from './presets.js';

describe('2D sin-cos position embedding', () => {
  it('matches the closed form at hand-picked positions (D = 8: ω = 1 and 10000^(−1/2) = 0.01)', () => {
    const table = sincosPositionTable(8, 4); // (16, 8)
    expect(table.shape).toEqual([16, 8]);
    const token = (row: number, column: number) =>
      Array.from(table.data.slice((row * 4 + column) * 8, (row * 4 + column + 1) * 8));
    const expected = (row: number, column: number) => [
      Math.sin(column),
      Math.sin(column * 0.01),
      Math.cos(column),
      Math.cos(column * 0.01),
      Math.sin(row),
      Math.sin(row * 0.01),
      Math.cos(row),
      Math.cos(row * 0.01),
    ];
    expect(token(0, 0)).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    for (const [row, column] of [
      [1, 2],
      [3, 0],
      [2, 3],
    ] as const) {
      const actual = token(row, column);
      for (const [index, value] of expected(row, column).entries()) {
        expect(actual[index]).toBeCloseTo(value, 6);
      }
    }
  });

  it('uses ω_k = 10000^(−k/(D/4)) for the 128-wide ditS4 table (7×7 grid)', () => {
    const table = sincosPositionTable(128, 7);
    expect(table.shape).toEqual([49, 128]);
    const [row, column] = [5, 6];
    const offset = (row * 7 + column) * 128;
    for (const k of [0, 1, 7, 31]) {
      const frequency = 10000 ** (-k / 32);
      expect(table.data[offset + k]).toBeCloseTo(Math.sin(column * frequency), 6);
      expect(table.data[offset + 32 + k]).toBeCloseTo(Math.cos(column * frequency), 6);
      expect(table.data[offset + 64 + k]).toBeCloseTo(Math.sin(row * frequency), 6);
      expect(table.data[offset + 96 + k]).toBeCloseTo(Math.cos(row * frequency), 6);
    }
  });

  it('is a (1, T, D) constant for sincos and the `pos_embed` parameter for learned', () => {
    const sincos = ditS4();
    const learned = ditTiny2({ positionEmbedding: 'learned' });
    const learnedStore = initDit(learned, createRng(0));
    expect(initDit(sincos, createRng(0)).has('pos_embed')).toBe(false);
    expect(learnedStore.get('pos_embed')?.shape).toEqual([1, 16, 16]);
    tf.tidy(() => {
      const none = paramsFromMap(new Map<string, tf.Tensor>());
      const constant = fromTf(positionEmbedding(tfjsOps, none, sincos));
      expect(constant.shape).toEqual([1, 49, 128]);
      expect(Array.from(constant.data)).toEqual(Array.from(sincosPositionTable(128, 7).data));
      const stored = learnedStore.get('pos_embed')!;
      const params = paramsFromMap(new Map([['pos_embed', toTf(stored)]]));
      expect(Array.from(fromTf(positionEmbedding(tfjsOps, params, learned)).data)).toEqual(
        Array.from(stored.data),
      );
    });
  });

  it('refuses a width not divisible by 4', () => {
    expect(() => sincosPositionTable(6, 2)).toThrow('hiddenSize 6 must be divisible by 4');
  });
});

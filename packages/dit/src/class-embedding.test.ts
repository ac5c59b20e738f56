import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { dropClassLabels, nullClassLabel } from './class-embedding.js';
import { initDit } from './init.js';
import { ditS4 } from './presets.js';

describe('class embedding with a null class', () => {
  it('has classes + 1 rows; the last is the null class', () => {
    const config = ditS4();
    expect(initDit(config, createRng(0)).get('y_embedder.embedding_table.weight')?.shape).toEqual([11, 128]);
    expect(nullClassLabel(config.classes)).toBe(10);
  });

  it('drops labels to the null class at the requested rate, deterministically per seed', () => {
    const labels = Int32Array.from({ length: 10000 }, (_, index) => index % 10);
    const dropped = dropClassLabels(labels, 10, 0.1, createRng(1));
    const nulls = dropped.filter((label) => label === 10).length;
    expect(nulls).toBeGreaterThan(900);
    expect(nulls).toBeLessThan(1100);
    expect(dropped.every((label, index) => label === 10 || label === labels[index])).toBe(true);
    expect(dropClassLabels(labels, 10, 0.1, createRng(1))).toEqual(dropped);
    expect(dropClassLabels(labels, 10, 0, createRng(1))).toEqual(labels);
    expect(dropClassLabels(labels, 10, 1, createRng(1)).every((label) => label === 10)).toBe(true);
    expect(() => dropClassLabels(labels, 10, 1.5, createRng(1))).toThrow(/probability 1.5/);
  });
});

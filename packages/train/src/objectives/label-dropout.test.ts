import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { dropLabels } from './label-dropout.js';

describe('dropLabels', () => {
  it('drops labels to the null class at the requested rate, deterministically per seed', () => {
    const labels = Int32Array.from({ length: 10000 }, (_, index) => index % 10);
    const dropped = dropLabels(labels, 10, 0.1, createRng(1));
    const nulls = dropped.filter((label) => label === 10).length;
    expect(nulls).toBeGreaterThan(900); // binomial(10000, 0.1): mean 1000, sd 30
    expect(nulls).toBeLessThan(1100);
    expect(dropped.every((label, index) => label === 10 || label === labels[index])).toBe(true);
    expect(dropLabels(labels, 10, 0.1, createRng(1))).toEqual(dropped);
    expect(dropLabels(labels, 10, 0, createRng(1))).toEqual(labels);
    expect(dropLabels(labels, 10, 1, createRng(1)).every((label) => label === 10)).toBe(true);
    expect(() => dropLabels(labels, 10, 1.5, createRng(1))).toThrow(/probability 1.5/);
  });
});

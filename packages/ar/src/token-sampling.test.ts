import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { guidedLogits, sampleToken } from './token-sampling.js';

const logits = Float32Array.from([2, 0, 1, -1, 1]); // ranks: 0, (2, 4 tie → 2 first), 1, 3

/** The frequency of each token over many seeded draws. */
function frequencies(options: Parameters<typeof sampleToken>[2], draws = 200_000): number[] {
  const counts = new Array<number>(logits.length).fill(0);
  const uniforms = createRng(5).uniform(draws);
  for (const u of uniforms) counts[sampleToken(logits, u, options)]! += 1;
  return counts.map((count) => count / draws);
}

const softmax = (values: number[]) => {
  const top = Math.max(...values);
  const weights = values.map((value) => Math.exp(value - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
};

describe('sampleToken', () => {
  it('draws from softmax(logits / temperature)', () => {
    const expected = softmax([...logits].map((value) => value / 0.7));
    frequencies({ temperature: 0.7 }).forEach((frequency, token) => {
      expect(frequency).toBeCloseTo(expected[token]!, 2);
    });
  });

  it('greedy at temperature 0; top-k keeps the k most likely (ties: lower index first)', () => {
    expect(sampleToken(logits, 0.99, { temperature: 0 })).toBe(0);
    const kept = softmax([2, 1]); // tokens 0 and 2
    const observed = frequencies({ topK: 2 });
    expect(observed[0]).toBeCloseTo(kept[0]!, 2);
    expect(observed[2]).toBeCloseTo(kept[1]!, 2);
    expect(observed[1]! + observed[3]! + observed[4]!).toBe(0);
  });

  it('top-p keeps the smallest most-likely set reaching p, renormalised', () => {
    const all = softmax([...logits]); // p(0) ≈ 0.47, p(2) = p(4) ≈ 0.17
    const p = all[0]! + all[2]! - 1e-3; // reached once tokens 0 and 2 are in
    const observed = frequencies({ topP: p });
    expect(observed[0]).toBeCloseTo(all[0]! / (all[0]! + all[2]!), 2);
    expect(observed[4]! + observed[1]! + observed[3]!).toBe(0);
    expect(sampleToken(logits, 0.5, { topP: 1e-6 })).toBe(0);
  });

  it('CFG on logits is uncond + w·(cond − uncond)', () => {
    const guided = guidedLogits(Float32Array.from([1, 3]), Float32Array.from([2, 1]), 4);
    expect([...guided]).toEqual([2 + 4 * (1 - 2), 1 + 4 * (3 - 1)]);
  });
});

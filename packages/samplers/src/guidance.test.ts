import { describe, expect, it } from 'vitest';
import { combineGuided, guidanceWeight, stackLabels, withGuidance } from './guidance.js';
import type { Denoiser, DenoiserInput } from './types.js';

const conditional = Float32Array.from([1, 2, 3, 4, -1, 0, 1, 2]);
const unconditional = Float32Array.from([0.5, 1, 1, 1, 0, 0, 0, 0]);

describe('classifier-free guidance', () => {
  it('the two scale conventions agree: (1 + w)·c − w·u = u + (w + 1)·(c − u)', () => {
    const a = combineGuided(conditional, unconditional, guidanceWeight(2, 'one-plus-scale'), 2);
    const b = combineGuided(conditional, unconditional, guidanceWeight(3, 'uncond-plus-scale'), 2);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a[0]).toBeCloseTo(3 * 1 - 2 * 0.5, 6);
  });

  it('rescale φ = 1 gives each sample the conditional prediction’s standard deviation; φ = 0 changes nothing', () => {
    const guided = combineGuided(conditional, unconditional, 4, 2);
    const rescaled = combineGuided(conditional, unconditional, 4, 2, 1);
    const std = (values: Float32Array) => {
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    };
    for (const b of [0, 1]) {
      const slice = (values: Float32Array) => values.subarray(4 * b, 4 * b + 4);
      expect(std(slice(rescaled))).toBeCloseTo(std(slice(conditional)), 5);
    }
    expect(Array.from(combineGuided(conditional, unconditional, 4, 2, 0))).toEqual(Array.from(guided));
  });

  it('evaluates conditional and unconditional halves in one batched call of 2B, only inside the interval', async () => {
    const calls: DenoiserInput<Int32Array>[] = [];
    const model: Denoiser<Int32Array> = async (input) => {
      calls.push(input);
      return input.x.map((value, k) => value + (input.condition[Math.floor(k / 2)] === 9 ? 0 : 1));
    };
    const guided = withGuidance(model, {
      scale: 3,
      unconditional: Int32Array.from([9, 9]),
      stack: stackLabels,
      interval: [0.2, 0.8],
    });
    const x = Float32Array.from([1, 1, 2, 2]);
    const inside = await guided({ x, shape: [2, 2], t: 0.5, condition: Int32Array.from([0, 1]) });
    expect(calls[0]!.shape).toEqual([4, 2]);
    expect(Array.from(calls[0]!.condition)).toEqual([0, 1, 9, 9]);
    expect(Array.from(inside)).toEqual([4, 4, 5, 5]); // u + 3·(c − u) with c = x + 1, u = x
    const outside = await guided({ x, shape: [2, 2], t: 0.9, condition: Int32Array.from([0, 1]) });
    expect(calls[1]!.shape).toEqual([2, 2]);
    expect(Array.from(outside)).toEqual([2, 2, 3, 3]);
  });
});

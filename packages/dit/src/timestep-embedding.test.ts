import { tensor } from '@latentlab/tensor';
import { fromTf, tfjsOps, toTf } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { tidyPlain } from './test-support/tfjs-run.js';
import { timestepFeatures, timestepFrequencies } from './timestep-embedding.js';

describe('sinusoidal timestep features (DiT TimestepEmbedder, as the PyTorch peer in tools/bench/torch)', () => {
  it('has frequencies exp(−ln(10000)·i/128) for 256 features', () => {
    const frequencies = timestepFrequencies(256);
    expect(frequencies.shape).toEqual([1, 128]);
    expect(frequencies.data[0]).toBe(1);
    expect(frequencies.data[64]).toBeCloseTo(0.01, 9);
    expect(frequencies.data[127]).toBeCloseTo(Math.exp((-Math.log(10000) * 127) / 128), 9);
  });

  it('puts cosines first, then sines, of (t · 1000) · f', () => {
    const features = tidyPlain(() =>
      fromTf(timestepFeatures(tfjsOps, toTf(tensor([0.5, 0], [2])), 256, 1000)),
    );
    expect(features.shape).toEqual([2, 256]);
    const first = features.data.slice(0, 256);
    const frequency = (i: number) => Math.exp((-Math.log(10000) * i) / 128);
    for (const i of [0, 1, 64, 100, 127]) {
      expect(first[i]).toBeCloseTo(Math.cos(500 * frequency(i)), 4);
      expect(first[128 + i]).toBeCloseTo(Math.sin(500 * frequency(i)), 4);
    }
    // t = 0: all cosines 1, all sines 0.
    const second = Array.from(features.data.slice(256));
    expect(second).toEqual([...new Array(128).fill(1), ...new Array(128).fill(0)]);
  });
});

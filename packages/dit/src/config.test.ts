import { describe, expect, it } from 'vitest';
import { type DitConfig, DitConfigError, ditConfig, validateDitConfig } from './config.js';
import { ditS4, ditTiny2 } from './presets.js';

describe('DiT config', () => {
  it('fills DiT defaults', () => {
    expect(ditS4()).toEqual({
      imageSize: 28,
      channels: 1,
      outputChannels: 1,
      patchSize: 4,
      hiddenSize: 128,
      depth: 4,
      heads: 4,
      mlpRatio: 4,
      classes: 10,
      conditioning: 'adaLN-zero',
      positionEmbedding: 'sincos',
      contextLength: 0,
      frequencyEmbeddingSize: 256,
      timestepScale: 1000,
    });
    expect(Object.isFrozen(ditS4())).toBe(true);
  });

  it.each([
    [{ patchSize: 3 }, 'patchSize', 'DiT config: patchSize 3 does not divide imageSize 8'],
    [{ heads: 3 }, 'heads', 'DiT config: heads 3 does not divide hiddenSize 16'],
    [{ hiddenSize: 0 }, 'hiddenSize', 'DiT config: hiddenSize is 0; expected a positive integer'],
    [{ depth: 1.5 }, 'depth', 'DiT config: depth is 1.5; expected a positive integer'],
    [{ mlpRatio: 0.1 }, 'mlpRatio', 'mlpRatio · hiddenSize an integer'],
    [{ hiddenSize: 18, heads: 3 }, 'hiddenSize', 'hiddenSize 18 is not divisible by 4'],
    [
      { conditioning: 'film' },
      'conditioning',
      "is 'film'; expected one of adaLN-zero, cross-attention, in-context",
    ],
    [{ positionEmbedding: 'rope' }, 'positionEmbedding', "is 'rope'; expected one of sincos, learned"],
    [{ contextLength: 2 }, 'contextLength', "conditioning 'adaLN-zero' takes no conditioning sequence"],
    [{ contextLength: -1, conditioning: 'in-context' }, 'contextLength', 'expected a non-negative integer'],
    [{ frequencyEmbeddingSize: 255 }, 'frequencyEmbeddingSize', '255 must be even'],
    [{ timestepScale: Number.NaN }, 'timestepScale', 'expected a finite number'],
    [{ hidden: 128 }, 'hidden', 'is not a DiT config field'],
  ] as const)('%j names %s', (overrides, field, message) => {
    const build = () => ditTiny2(overrides as unknown as Partial<DitConfig>);
    expect(build).toThrow(DitConfigError);
    expect(build).toThrow(message);
    try {
      build();
    } catch (error) {
      expect((error as DitConfigError).field).toBe(field);
    }
  });

  it('allows an odd width with learned positions, and a context with cross-attention', () => {
    expect(ditTiny2({ hiddenSize: 18, heads: 3, positionEmbedding: 'learned' }).hiddenSize).toBe(18);
    expect(ditTiny2({ conditioning: 'cross-attention', contextLength: 5 }).contextLength).toBe(5);
  });

  it('rejects a missing required field and a non-object', () => {
    expect(() => ditConfig({ imageSize: 28 } as unknown as DitConfig)).toThrow(
      'DiT config: channels is undefined; expected a positive integer',
    );
    expect(() => ditConfig(null as unknown as DitConfig)).toThrow('DiT config: (config) must be an object');
    expect(() => validateDitConfig({ ...ditS4(), imageSize: 30 })).toThrow(
      'patchSize 4 does not divide imageSize 30',
    );
  });
});

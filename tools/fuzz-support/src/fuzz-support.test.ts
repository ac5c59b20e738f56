import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyByteEdit, mutatedJson, refusalTally } from './index.js';

class TypedError extends Error {}

describe('fuzz support', () => {
  it('applies each byte edit without touching the input', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4]);
    expect([...applyByteEdit(bytes, ['set', 1, 9])]).toEqual([1, 9, 3, 4]);
    expect([...applyByteEdit(bytes, ['truncate', 2, 0])]).toEqual([1, 2]);
    expect([...applyByteEdit(bytes, ['insert', 4, 7])]).toEqual([1, 2, 3, 4, 7]);
    expect([...applyByteEdit(bytes, ['delete', 6, 2])]).toEqual([1, 4]); // position 6 mod 5 = 1
    expect([...bytes]).toEqual([1, 2, 3, 4]);
  });

  it('mutates exactly one field of valid JSON, at any depth, or deletes it', () => {
    const valid = { a: 1, b: { c: [2, 3] } };
    fc.assert(
      fc.property(mutatedJson(valid), (mutated) => {
        const changed = ['a', 'b'].filter(
          (key) => JSON.stringify((mutated as never)[key]) !== JSON.stringify((valid as never)[key]),
        );
        expect(changed.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
    expect(valid).toEqual({ a: 1, b: { c: [2, 3] } });
  });

  it('tallies reads and typed refusals, and lets any other error through', () => {
    const tally = refusalTally([TypedError]);
    tally.readOrRefuse('r', () => 1, { check: (value) => expect(value).toBe(1) });
    tally.readOrRefuse(
      'r',
      () => {
        throw new TypedError('src: bad');
      },
      { source: 'src' },
    );
    expect(tally.tallies.get('r')).toEqual({ inputs: 2, typedError: 1, read: 1 });
    expect(() =>
      tally.readOrRefuse('r', () => {
        throw new RangeError('untyped');
      }),
    ).toThrow('untyped');
    expect(() =>
      tally.readOrRefuse(
        'r',
        () => {
          throw new TypedError('names no source');
        },
        { source: 'src' },
      ),
    ).toThrow();
  });
});

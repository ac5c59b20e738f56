import { describe, expect, it } from 'vitest';
import { PREVIEW_SHARE, previewAffordable } from './preview-budget.js';

describe('previewAffordable', () => {
  it('allows a preview while previews took at most PREVIEW_SHARE of the evaluations', () => {
    const count = (previewMilliseconds: number) => ({
      evaluations: 4,
      milliseconds: 100,
      previewMilliseconds,
    });
    expect(previewAffordable(count(0))).toBe(true);
    expect(previewAffordable(count(100 * PREVIEW_SHARE))).toBe(true);
    expect(previewAffordable(count(100 * PREVIEW_SHARE + 1))).toBe(false);
    expect(previewAffordable(count(30), 0.5)).toBe(true);
  });
});

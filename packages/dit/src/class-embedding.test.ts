import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { nullClassLabel } from './class-embedding.js';
import { initDit } from './init.js';
import { ditS4 } from './presets.js';

describe('class embedding with a null class', () => {
  it('has classes + 1 rows; the last is the null class', () => {
    const config = ditS4();
    expect(initDit(config, createRng(0)).get('y_embedder.embedding_table.weight')?.shape).toEqual([11, 128]);
    expect(nullClassLabel(config.classes)).toBe(10);
  });
});

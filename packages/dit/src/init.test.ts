import { createRng, type Tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { initDit } from './init.js';
import { DIT_PAPER_INITIALIZATION } from './initialization.js';
import { ditS4, ditTiny2 } from './presets.js';

const maxAbs = (value: Tensor) =>
  Array.from(value.data).reduce((worst, element) => Math.max(worst, Math.abs(element)), 0);
const std = (value: Tensor) => {
  const mean = Array.from(value.data).reduce((sum, element) => sum + element, 0) / value.data.length;
  return Math.sqrt(
    Array.from(value.data).reduce((sum, element) => sum + (element - mean) ** 2, 0) / value.data.length,
  );
};

describe('initDit', () => {
  it('uses DiT’s state_dict names and PyTorch layouts (adaLN-Zero)', () => {
    const store = initDit(ditTiny2({ depth: 1 }), createRng(0));
    const shapes = Object.fromEntries([...store].map(([name, value]) => [name, value.shape]));
    expect(shapes).toEqual({
      'x_embedder.proj.weight': [16, 1, 2, 2],
      'x_embedder.proj.bias': [16],
      't_embedder.mlp.0.weight': [16, 256],
      't_embedder.mlp.0.bias': [16],
      't_embedder.mlp.2.weight': [16, 16],
      't_embedder.mlp.2.bias': [16],
      'y_embedder.embedding_table.weight': [4, 16],
      'blocks.0.attn.qkv.weight': [48, 16],
      'blocks.0.attn.qkv.bias': [48],
      'blocks.0.attn.proj.weight': [16, 16],
      'blocks.0.attn.proj.bias': [16],
      'blocks.0.mlp.fc1.weight': [64, 16],
      'blocks.0.mlp.fc1.bias': [64],
      'blocks.0.mlp.fc2.weight': [16, 64],
      'blocks.0.mlp.fc2.bias': [16],
      'blocks.0.adaLN_modulation.1.weight': [96, 16],
      'blocks.0.adaLN_modulation.1.bias': [96],
      'final_layer.adaLN_modulation.1.weight': [32, 16],
      'final_layer.adaLN_modulation.1.bias': [32],
      'final_layer.linear.weight': [4, 16],
      'final_layer.linear.bias': [4],
    });
  });

  it('adds affine norms and cross-attention projections for the other designs', () => {
    const cross = initDit(ditTiny2({ depth: 1, conditioning: 'cross-attention' }), createRng(0));
    const inContext = initDit(ditTiny2({ depth: 1, conditioning: 'in-context' }), createRng(0));
    const blockNames = (store: Map<string, Tensor>) =>
      [...store.keys()].filter((name) => name.startsWith('blocks.0.') && name.endsWith('.weight'));
    expect(blockNames(cross)).toEqual([
      'blocks.0.norm1.weight',
      'blocks.0.attn.qkv.weight',
      'blocks.0.attn.proj.weight',
      'blocks.0.norm2.weight',
      'blocks.0.cross_attn.q.weight',
      'blocks.0.cross_attn.kv.weight',
      'blocks.0.cross_attn.proj.weight',
      'blocks.0.norm3.weight',
      'blocks.0.mlp.fc1.weight',
      'blocks.0.mlp.fc2.weight',
    ]);
    expect(blockNames(inContext)).toEqual([
      'blocks.0.norm1.weight',
      'blocks.0.attn.qkv.weight',
      'blocks.0.attn.proj.weight',
      'blocks.0.norm2.weight',
      'blocks.0.mlp.fc1.weight',
      'blocks.0.mlp.fc2.weight',
    ]);
    for (const store of [cross, inContext]) {
      expect(store.has('final_layer.adaLN_modulation.1.weight')).toBe(false);
      expect(Array.from(store.get('final_layer.norm_final.weight')!.data).every((value) => value === 1)).toBe(
        true,
      );
      expect(maxAbs(store.get('final_layer.linear.weight')!)).toBe(0);
    }
  });

  it('initialises as DiT’s initialize_weights with DIT_PAPER_INITIALIZATION', () => {
    const store = initDit(ditS4(), createRng(1), DIT_PAPER_INITIALIZATION);
    const get = (name: string) => store.get(name)!;
    // Zero: adaLN modulation of every block and of the final layer, the final linear.
    for (const name of [
      'blocks.0.adaLN_modulation.1.weight',
      'blocks.3.adaLN_modulation.1.bias',
      'final_layer.adaLN_modulation.1.weight',
      'final_layer.adaLN_modulation.1.bias',
      'final_layer.linear.weight',
      'final_layer.linear.bias',
    ]) {
      expect(maxAbs(get(name)), name).toBe(0);
    }
    // Xavier-uniform Linear weights with zero biases: bound √(6 / (fan_in + fan_out)).
    const qkvBound = Math.sqrt(6 / (128 + 384));
    expect(maxAbs(get('blocks.0.attn.qkv.weight'))).toBeLessThanOrEqual(qkvBound);
    expect(maxAbs(get('blocks.0.attn.qkv.weight'))).toBeGreaterThan(0.95 * qkvBound);
    expect(maxAbs(get('blocks.0.attn.qkv.bias'))).toBe(0);
    expect(maxAbs(get('blocks.2.mlp.fc2.bias'))).toBe(0);
    // Patch embedding: Xavier as a Linear (D, C·p·p) = (128, 16), not as a conv.
    const patchBound = Math.sqrt(6 / (16 + 128));
    expect(maxAbs(get('x_embedder.proj.weight'))).toBeLessThanOrEqual(patchBound);
    expect(maxAbs(get('x_embedder.proj.weight'))).toBeGreaterThan(0.95 * patchBound);
    expect(maxAbs(get('x_embedder.proj.bias'))).toBeLessThanOrEqual(1 / 4);
    // N(0, 0.02²): timestep MLP weights and the class table.
    for (const name of [
      't_embedder.mlp.0.weight',
      't_embedder.mlp.2.weight',
      'y_embedder.embedding_table.weight',
    ]) {
      expect(std(get(name)), name).toBeGreaterThan(0.018);
      expect(std(get(name)), name).toBeLessThan(0.022);
    }
    expect(maxAbs(get('t_embedder.mlp.0.bias'))).toBe(0);
  });

  it('by default differs from the paper only in the class table, N(0, 1); each choice can be switched', () => {
    const paper = initDit(ditS4(), createRng(1), DIT_PAPER_INITIALIZATION);
    const standard = initDit(ditS4(), createRng(1));
    const table = 'y_embedder.embedding_table.weight';
    expect(std(standard.get(table)!)).toBeGreaterThan(0.9);
    expect(std(standard.get(table)!)).toBeLessThan(1.1);
    for (const [name, value] of paper) {
      const values = Array.from(standard.get(name)!.data);
      if (name !== table) {
        expect(values, name).toEqual(Array.from(value.data));
        continue;
      }
      // The same draws: N(0, 1) = 50 · N(0, 0.02²), up to float32 rounding.
      const worst = values.reduce(
        (most, entry, index) => Math.max(most, Math.abs(entry - 50 * value.data[index]!)),
        0,
      );
      expect(worst).toBeLessThan(1e-6);
    }
    const switched = initDit(ditS4(), createRng(1), {
      classEmbeddingStd: 1,
      adaLNZero: false,
      zeroOutputLayer: false,
    });
    for (const name of ['blocks.0.adaLN_modulation.1.weight', 'final_layer.linear.weight']) {
      const bound = name.startsWith('final') ? Math.sqrt(6 / (128 + 16)) : Math.sqrt(6 / (128 + 768));
      expect(maxAbs(switched.get(name)!), name).toBeGreaterThan(0.9 * bound);
      expect(maxAbs(switched.get(name)!), name).toBeLessThanOrEqual(bound);
    }
  });

  it('is deterministic per seed', () => {
    const first = initDit(ditTiny2(), createRng(5));
    const again = initDit(ditTiny2(), createRng(5));
    const other = initDit(ditTiny2(), createRng(6));
    expect(Array.from(again.get('blocks.1.attn.qkv.weight')!.data)).toEqual(
      Array.from(first.get('blocks.1.attn.qkv.weight')!.data),
    );
    expect(Array.from(other.get('blocks.1.attn.qkv.weight')!.data)).not.toEqual(
      Array.from(first.get('blocks.1.attn.qkv.weight')!.data),
    );
  });
});

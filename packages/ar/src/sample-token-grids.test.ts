import { type Tensor, tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { sampleTokenGrids } from './sample-token-grids.js';
import { pastName, presentName } from './token-model-graphs.js';
import { tokenTransformerConfig } from './token-transformer-config.js';

const config = tokenTransformerConfig({
  vocabularySize: 7,
  sequenceLength: 9,
  classes: 3,
  width: 8,
  heads: 2,
  depth: 2,
});
const V = config.vocabularySize;
const T = config.sequenceLength;

/** One-hot logits (scaled) at `token`. */
const peaked = (token: number) => Float32Array.from({ length: V }, (_, v) => (v === token ? 20 : 0));

/** A step graph whose most likely token after position p for class c is (p + c) mod V; its cache grows by one. */
async function stepGraph(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const labels = feeds['class']!.data as Int32Array;
  const position = (feeds['position']!.data as Int32Array)[0]!;
  const logits = new Float32Array(labels.length * V);
  for (const [b, label] of labels.entries()) logits.set(peaked((position + label) % V), b * V);
  const outputs: Record<string, Tensor> = { logits: tensor(logits, [labels.length, V]) };
  for (let layer = 0; layer < config.depth; layer++) {
    for (const part of ['key', 'value'] as const) {
      const past = feeds[pastName(layer, part)]!;
      const length = past.shape[2]! + 1;
      outputs[presentName(layer, part)] = tensor(
        new Float32Array(labels.length * config.heads * length * 4),
        [labels.length, config.heads, length, 4],
      );
      if (past.shape[2] !== position) throw new Error(`cache of ${past.shape[2]} at position ${position}`);
    }
  }
  return outputs;
}

/** A masked graph whose most likely token at position p for class c is (p · c) mod V. */
async function maskedGraph(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const labels = feeds['class']!.data as Int32Array;
  const logits = new Float32Array(labels.length * T * V);
  labels.forEach((label, b) => {
    for (let p = 0; p < T; p++) logits.set(peaked((p * label) % V), (b * T + p) * V);
  });
  return { logits: tensor(logits, [labels.length, T, V]) };
}

describe('sampleTokenGrids', () => {
  const labels = Int32Array.of(1, 2);

  it('decodes AR in raster order through the KV-cached step graph, reporting every position', async () => {
    const seen: number[] = [];
    const tokens = await sampleTokenGrids('ar', config, stepGraph, {
      labels,
      guidanceScale: 1,
      seed: 3,
      iterations: 0,
      temperature: 0,
      onProgress: (done, total) => {
        expect(total).toBe(T);
        seen.push(done);
      },
    });
    expect(seen).toEqual(Array.from({ length: T }, (_, i) => i + 1));
    expect(Array.from(tokens)).toEqual(
      [...labels].flatMap((label) => Array.from({ length: T }, (_, p) => (p + label) % V)),
    );
  });

  it('decodes MaskGIT in the given iterations, every position unmasked at the end', async () => {
    const masked: number[] = [];
    const tokens = await sampleTokenGrids('maskgit', config, maskedGraph, {
      labels,
      guidanceScale: 2,
      seed: 3,
      iterations: 4,
      temperature: 0,
      onProgress: (done, total, grid) => {
        expect([done, total]).toEqual([masked.length + 1, 4]);
        masked.push(grid.filter((token) => token === V).length);
      },
    });
    expect(masked).toHaveLength(4);
    expect(masked.at(-1)).toBe(0);
    for (let i = 1; i < masked.length; i++) expect(masked[i]!).toBeLessThan(masked[i - 1]!);
    expect(Array.from(tokens)).toEqual(
      [...labels].flatMap((label) => Array.from({ length: T }, (_, p) => (p * label) % V)),
    );
  });
});

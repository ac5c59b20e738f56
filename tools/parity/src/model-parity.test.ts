import { describe, expect, it } from 'vitest';
import { type ModelParity, runModelParity } from './parity-run.js';

describe('model-level parity: trained in tfjs, exported, run in onnxruntime', () => {
  let results: ModelParity[] = [];

  it('trains both models (the loss goes down)', async () => {
    results = await runModelParity(12);
    expect(results.map((result) => result.model)).toEqual(['transformer block', 'conv net']);
    for (const result of results) expect(result.lastLoss, result.model).toBeLessThan(result.firstLoss);
  }, 120_000);

  it('onnxruntime-node matches tfjs within 1e-4 on a batch size the export never saw', () => {
    for (const result of results) expect(result.nodeMaxAbsDiff, result.model).toBeLessThanOrEqual(1e-4);
  });

  it('onnxruntime-web (wasm, in Node) matches tfjs within 1e-4', () => {
    for (const result of results) expect(result.webMaxAbsDiff, result.model).toBeLessThanOrEqual(1e-4);
  });
});

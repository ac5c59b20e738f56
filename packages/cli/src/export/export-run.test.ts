import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxAbsDiff } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { sampleRun } from '../sampling/sample-run.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';
import { exportRun } from './export-run.js';

describe('export and sample', () => {
  it('samples the exported ONNX DiT exactly like tfjs (20 Euler steps, CFG 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'latentlab-export-'));
    const out = join(root, 'tiny-dit');
    await trainTinyDit(out);
    const onnx = join(out, 'model.onnx');
    const exported = await exportRun(out, onnx);
    expect(exported.maxAbsDiff).toBeLessThanOrEqual(1e-4);

    const request = {
      checkpoint: out,
      sampler: 'euler',
      steps: 20,
      guidanceScale: 2,
      classes: [0, 3],
      perClass: 2,
      seed: 5,
    } as const;
    const viaTfjs = await sampleRun({ ...request, backend: 'cpu' });
    const viaOnnx = await sampleRun({ ...request, onnx });
    expect(viaOnnx.samples.length).toBe(4 * 28 * 28);
    expect(maxAbsDiff(viaOnnx.samples, viaTfjs.samples)).toBeLessThanOrEqual(1e-3);
    rmSync(root, { recursive: true, force: true });
  }, 60_000);
});

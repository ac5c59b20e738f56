import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx, readModelCard } from '@latentlab/onnx';
import {
  buildModel,
  exportInputs,
  exportRun,
  loadRunCheckpoint,
  MODEL_CARD_FILE,
  sampleRun,
} from '@latentlab/runs';
import { maxAbsDiff } from '@latentlab/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';

const root = mkdtempSync(join(tmpdir(), 'latentlab-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const request = {
  sampler: 'euler',
  steps: 20,
  guidanceScale: 2,
  classes: [0, 3],
  perClass: 2,
  seed: 5,
} as const;

describe('export with a model card, and sampling the .onnx by its card alone', () => {
  it.each([
    ['rf-dit-mnist', 'rf', 'velocity'],
    ['vp-dit-mnist', 'vp-cosine', 'epsilon'],
    ['edm-dit-mnist', 'edm', 'x0'],
  ])(
    '%s: the card says %s / %s; ONNX samples match tfjs (20 Euler steps, CFG 2)',
    async (recipe, process, target) => {
      const out = join(root, recipe);
      await trainTinyDit(out, recipe);
      const onnx = join(out, 'model.onnx');
      const exported = await exportRun(out, onnx);
      expect(exported.maxAbsDiff).toBeLessThanOrEqual(1e-4);

      const card = readModelCard(new Uint8Array(readFileSync(onnx)), onnx);
      expect(card).toEqual(JSON.parse(readFileSync(join(out, MODEL_CARD_FILE), 'utf8')));
      expect(card).toMatchObject({
        kind: 'denoiser',
        name: recipe,
        denoiser: { process, target, classes: 10, nullClass: 10, sampleShape: [1, 28, 28] },
        training: { recipe, dataset: 'mnist', steps: 4, batchSize: 8, seed: 0 },
        software: { package: '@latentlab/runs' },
      });
      expect(card.inputs.map((input) => [input.name, input.role])).toEqual([
        ['x', 'sample'],
        ['t', 'time'],
        ['y', 'class'],
      ]);

      const viaTfjs = await sampleRun({ ...request, checkpoint: out, backend: 'cpu' });
      const viaOnnx = await sampleRun({ ...request, onnx }); // no checkpoint: the card says everything
      expect(viaOnnx.samples.length).toBe(4 * 28 * 28);
      expect(maxAbsDiff(viaOnnx.samples, viaTfjs.samples)).toBeLessThanOrEqual(1e-3);
    },
    120_000,
  );

  it('refuses an .onnx without a card, naming the file and the fix', async () => {
    const out = join(root, 'rf-dit-mnist');
    const { tensors, state } = loadRunCheckpoint(out);
    const bare = join(root, 'no-card.onnx');
    writeFileSync(
      bare,
      exportOnnx(buildModel(state.modelConfig), tensors.ema, exportInputs(state.modelConfig)),
    );
    const result = await runCaptured(['sample', '--onnx', bare, '--out', join(root, 'grid.png')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bare}`);
    expect(result.stderr).toContain(
      'no latentlab model card (metadata_props key latentlab.model_card); export it with',
    );
  }, 60_000);
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';

/** The token models the comparison app ships, each beside its tokenizer's decoder.onnx. */
const MODELS = join(import.meta.dirname, '../../../../apps/compare/public/models');
const root = mkdtempSync(join(tmpdir(), 'latentlab-shipped-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('latentlab eval --onnx of the token models the app ships', () => {
  for (const [name, architecture, steps] of [
    ['ar-mnist', 'ar', 49],
    ['maskgit-mnist', 'maskgit', 8],
  ] as const) {
    it(`${name}: scored through the app's pipeline, its digits recognisable`, async () => {
      const tokens = join(MODELS, name, 'tokens.onnx');
      expect(existsSync(tokens), tokens).toBe(true);
      const result = await runCaptured([
        ...[
          'eval',
          '--checkpoint',
          root,
          '--onnx',
          tokens,
          '--samples',
          '20',
          '--steps',
          '8',
          '--cfg',
          '2',
          '--reference',
          '500',
        ],
      ]);
      expect(result.code, result.stderr).toBe(0);
      const records = readFileSync(join(root, 'eval.jsonl'), 'utf8').trim().split('\n');
      const record = JSON.parse(records.at(-1)!);
      expect(record).toMatchObject({ task: 'tokens', architecture, samples: 20, steps, cfg: 2 });
      expect(record.bits_per_token).toBeNull();
      expect(record.reference).toBe(500); // --reference: the first 500 test images, as a denoiser's eval
      expect(record.accuracy).toBeGreaterThanOrEqual(0.8); // their cards report ~98% at 1,000 samples
      expect(record.fid).toBeGreaterThan(0); // 20 samples: far above the floor, and noisy
      expect(record.fid_floor).toBeGreaterThan(0);
    }, 120_000);
  }
});

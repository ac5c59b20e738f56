import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, ManifestError, parseManifest } from './manifest.js';

const shipped = JSON.parse(readFileSync(join(__dirname, '../../public/models/manifest.json'), 'utf8'));

const model = (overrides: Record<string, unknown> = {}) => ({
  name: 'ar-mnist',
  kind: 'autoregressive',
  title: 'AR',
  dataset: 'mnist',
  recipe: 'ar-mnist',
  steps: 3000,
  trainingSeconds: 893,
  commit: 'abc',
  parameters: 100,
  files: [
    { role: 'tokens', file: 'ar-mnist/tokens.onnx', bytes: 10, sha256: 'a'.repeat(64) },
    { role: 'decoder', file: 'ar-mnist/decoder.onnx', bytes: 10, sha256: 'b'.repeat(64) },
  ],
  metrics: [],
  ...overrides,
});

const problem = (value: unknown) => {
  try {
    parseManifest(value, 'manifest.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseManifest', () => {
  it('accepts the shipped manifest, every model with its files', () => {
    const manifest = parseManifest(shipped);
    expect(manifest.models.length).toBeGreaterThan(0);
    for (const entry of manifest.models) expect(entry.files.length).toBeGreaterThan(0);
  });

  it('names the file, the field and what was expected', () => {
    expect(problem({ format: 'x', models: [] })).toBe(
      `manifest.json: format: expected '${MANIFEST_FORMAT}', got "x"`,
    );
    expect(problem({ format: MANIFEST_FORMAT, models: [model({ kind: 'gan' })] })).toMatch(
      /^manifest\.json: models\[0\]\.kind: expected one of diffusion, autoregressive, masked, flow-2d, got 'gan'$/,
    );
    const badSha = model();
    badSha.files[1]!.sha256 = 'XYZ';
    expect(problem({ format: MANIFEST_FORMAT, models: [badSha] })).toBe(
      'manifest.json: models[0].files[1].sha256: expected 64 lowercase hex characters',
    );
    expect(problem({ format: MANIFEST_FORMAT, models: [model({ files: [model().files[0]] })] })).toBe(
      "manifest.json: models[0].files: a model of kind autoregressive needs a 'decoder' file",
    );
    expect(problem({ format: MANIFEST_FORMAT, models: [model(), model()] })).toBe(
      "manifest.json: models[1].name: 'ar-mnist' is listed twice",
    );
    const escaping = model();
    escaping.files[0]!.file = '../../secret.onnx';
    expect(problem({ format: MANIFEST_FORMAT, models: [escaping] })).toMatch(
      /files\[0\]\.file: expected a file name/,
    );
  });

  it('carries the classes and class names of each model (from its card), checked', () => {
    const named = parseManifest({
      format: MANIFEST_FORMAT,
      models: [model({ classes: 3, classLabels: ['a', 'b', 'c'], datasetTitle: 'Letters' })],
    }).models[0]!;
    expect([named.classes, named.classLabels, named.datasetTitle]).toEqual([3, ['a', 'b', 'c'], 'Letters']);
    expect(parseManifest(shipped).models.every((entry) => (entry.classes ?? 0) >= 2)).toBe(true);
    expect(problem({ format: MANIFEST_FORMAT, models: [model({ classes: 0 })] })).toBe(
      'manifest.json: models[0].classes: expected a positive integer, got 0',
    );
    expect(problem({ format: MANIFEST_FORMAT, models: [model({ classLabels: [1] })] })).toBe(
      'manifest.json: models[0].classLabels: expected an array of strings',
    );
  });

  it('keeps a distilled student’s sampling defaults and refuses ones no panel can take', () => {
    const student = parseManifest({
      format: MANIFEST_FORMAT,
      models: [model({ sampling: { steps: 4, guidanceScale: 1 } })],
    });
    expect(student.models[0]!.sampling).toEqual({ steps: 4, guidanceScale: 1 });
    expect(parseManifest({ format: MANIFEST_FORMAT, models: [model()] }).models[0]!.sampling).toBeUndefined();
    expect(problem({ format: MANIFEST_FORMAT, models: [model({ sampling: { steps: 0 } })] })).toBe(
      'manifest.json: models[0].sampling.steps: expected a positive integer, got 0',
    );
    expect(problem({ format: MANIFEST_FORMAT, models: [model({ sampling: { guidanceScale: '1' } })] })).toBe(
      'manifest.json: models[0].sampling.guidanceScale: expected a number ≥ 0, got "1"',
    );
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist, toFloatImages } from '@latentlab/data';
import { classAccuracy, classifierFeatures, classifierFid, loadClassifier } from '@latentlab/metrics';
import { datasetEvaluation, floorAtSampleCount, sampleRun, train } from '@latentlab/runs';
import { tensor } from '@latentlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';

const SILENT = { write: () => true };
const REFERENCE = 100; // test images the FID compares with: few, to keep the test quick

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('latentlab eval', () => {
  const root = mkdtempSync(join(tmpdir(), 'latentlab-eval-'));
  const ditRun = join(root, 'tiny-dit');
  const moonsRun = join(root, 'tiny-moons');

  beforeAll(async () => {
    await trainTinyDit(ditRun);
    await train({
      recipe: 'rf-mlp-moons',
      steps: 2,
      batchSize: 8,
      model: { hidden: 8 },
      backend: 'cpu',
      out: moonsRun,
      progress: SILENT,
    });
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports FID beside the floor and accuracy, as JSON and in DIR/eval.jsonl; the FID is classifierFid of the same samples', async () => {
    const { code, stdout, stderr } = await runCaptured([
      'eval',
      '--checkpoint',
      ditRun,
      '--samples',
      '20',
      '--steps',
      '2',
      '--cfg',
      '2',
      '--seed',
      '3',
      '--reference',
      String(REFERENCE),
      '--backend',
      'cpu',
    ]);
    expect(stderr).toContain('2 steps, cfg 2: FID');
    expect(code).toBe(0);
    const [record, ...others] = jsonLines(stdout);
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      recipe: 'rf-dit-mnist',
      dataset: 'mnist',
      checkpoint_step: 4,
      samples: 20,
      steps: 2,
      cfg: 2,
      sampler: 'euler',
      seed: 3,
      reference: REFERENCE,
    });
    const {
      fid,
      fid_floor: floor,
      accuracy,
    } = record as { fid: number; fid_floor: number; accuracy: number };
    for (const value of [fid, floor, accuracy]) expect(Number.isFinite(value)).toBe(true);
    expect(fid).toBeGreaterThan(0);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    // The floor at the record's own count: 20 real training images against the same REFERENCE test images
    // (above the 10,000-vs-10,000 floor of the classifier's metadata, as FID at 20 samples is biased up).
    const mnist = datasetEvaluation('mnist')!;
    const referenceFeatures = classifierFeatures(
      tensor(mnist.loadTestImages().data.slice(0, REFERENCE * 784), [REFERENCE, 1, 28, 28]),
      'mnist',
    ).features;
    expect((record as { floor_samples: number }).floor_samples).toBe(20);
    expect(floor).toBeCloseTo(floorAtSampleCount(mnist, 20, 10, referenceFeatures), 6);
    expect(floor).toBeGreaterThan(Number(loadClassifier('mnist').metadata['fid_floor']));
    expect(stdout).toMatch(
      /steps\s+cfg\s+FID\s+floor\s+accuracy\n\s+2\s+2\s+\d+\.\d\d\s+\d+\.\d\d\s+\d+\.\d\d%/,
    );
    expect(stdout).toContain(`real-vs-real floor ${floor.toFixed(2)}`);
    expect(jsonLines(readFileSync(join(ditRun, 'eval.jsonl'), 'utf8'))).toEqual([record]);

    // The same samples again (one batch, same seed, 2 per class), scored by the metrics package directly.
    const again = await sampleRun({
      checkpoint: ditRun,
      steps: 2,
      guidanceScale: 2,
      perClass: 2,
      seed: 3,
      backend: 'cpu',
    });
    const generated = tensor(again.samples, [20, 1, 28, 28]);
    const test = toFloatImages(loadMnist({ split: 'test' }).images);
    const reference = tensor(test.data.subarray(0, REFERENCE * 28 * 28), [REFERENCE, 1, 28, 28]);
    const direct = classifierFid(generated, reference, 'mnist');
    expect(Math.abs(fid - direct) / direct).toBeLessThanOrEqual(1e-6);
    expect(accuracy).toBe(classAccuracy(generated, again.labels, 'mnist'));
  }, 120_000);

  it('evaluates every steps × cfg setting of comma lists, in order, and appends each', async () => {
    const before = readFileSync(join(ditRun, 'eval.jsonl'), 'utf8');
    const { code, stdout } = await runCaptured([
      'eval',
      '--checkpoint',
      ditRun,
      '--samples',
      '10',
      '--steps',
      '1,2',
      '--cfg',
      '1,4',
      '--batch-size',
      '4',
      '--reference',
      String(REFERENCE),
      '--backend',
      'cpu',
    ]);
    expect(code).toBe(0);
    const records = jsonLines(stdout);
    expect(records.map((record) => [record['steps'], record['cfg'], record['samples']])).toEqual([
      [1, 1, 10],
      [1, 4, 10],
      [2, 1, 10],
      [2, 4, 10],
    ]);
    expect(new Set(records.map((record) => record['fid'])).size).toBe(4);
    const appended = readFileSync(join(ditRun, 'eval.jsonl'), 'utf8').slice(before.length);
    expect(jsonLines(appended)).toEqual(records);
    expect(stdout).toContain('appended 4 line(s)');
  }, 120_000);

  it('names what it expected: a checkpoint, a recipe with a classifier, balanced samples', async () => {
    const missing = await runCaptured([
      'eval',
      '--checkpoint',
      join(root, 'nothing-here'),
      '--samples',
      '10',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no checkpoint in ${join(root, 'nothing-here')}`);
    expect(missing.stderr).toContain('train with --out');

    const moons = await runCaptured(['eval', '--checkpoint', moonsRun, '--samples', '10']);
    expect(moons.code).toBe(1);
    expect(moons.stderr).toContain(
      "the run's recipe rf-mlp-moons has no metrics classifier for its data set; eval expects a run of rf-dit-mnist (mnist), rf-dit-mnist-quick (mnist), vp-dit-mnist (mnist), edm-dit-mnist (mnist), rf-dit-fashion (fashion-mnist)",
    );

    const unbalanced = await runCaptured(['eval', '--checkpoint', ditRun, '--samples', '25']);
    expect(unbalanced.code).toBe(1);
    expect(unbalanced.stderr).toContain('--samples 25: expected a positive multiple of the 10 classes');

    const noCheckpoint = await runCaptured(['eval', '--samples', '10']);
    expect(noCheckpoint.stderr).toContain('--checkpoint DIR (a latentlab train --out run) is required');
    const badScale = await runCaptured(['eval', '--checkpoint', ditRun, '--cfg', '1,x']);
    expect(badScale.stderr).toContain('--cfg "1,x": expected comma-separated numbers');
    const badReference = await runCaptured([
      'eval',
      '--checkpoint',
      ditRun,
      '--samples',
      '10',
      '--reference',
      '20000',
    ]);
    expect(badReference.stderr).toContain('--reference 20000: expected 2…10000');
    const help = await runCaptured(['--help']);
    expect(help.stdout).toMatch(/\n {2}eval {5}--checkpoint DIR --steps 20,50 --cfg 1,2,4/);
  }, 60_000);
});

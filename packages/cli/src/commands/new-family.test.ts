import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@latentlab/data';
import { readModelCard } from '@latentlab/onnx';
import { FAMILIES, loadAnyRunCheckpoint, registerFamily } from '@latentlab/runs';
import { afterAll, describe, expect, it } from 'vitest';
import { classMeans } from '../test-support/class-means-family/class-means-family.js';
import { runCaptured } from '../test-support/run-captured.js';

/** The images of an .npy file written by `latentlab sample --format npy`, after its header. */
function npyValues(path: string): Float32Array {
  const bytes = readFileSync(path);
  const offset = 10 + bytes.readUInt16LE(8);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + bytes.length));
}

describe('a new model family is one folder and one registry line', () => {
  const root = mkdtempSync(join(tmpdir(), 'latentlab-family-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('trains, exports, samples and evaluates through the CLI commands, which know nothing of it', async () => {
    registerFamily(classMeans); // the one registry line
    expect(FAMILIES.at(-1)!.name).toBe('class-means');
    expect(() => registerFamily(classMeans)).toThrow('a family of that name is already registered');

    const run = join(root, 'means');
    const trained = await runCaptured([
      'train',
      '--recipe',
      'class-means-mnist',
      '--out',
      run,
      '--steps',
      '60',
    ]);
    expect(trained.stderr).not.toContain('Error');
    expect(trained.code).toBe(0);
    const { state, tensors } = loadAnyRunCheckpoint(run);
    expect(state['family']).toBe('class-means');
    expect(state.step).toBe(60);
    const runCard = JSON.parse(readFileSync(join(run, 'model-card.json'), 'utf8'));
    expect(runCard.kind).toBe('class-means');
    expect(runCard.family).toEqual({ classes: 10, imageShape: [1, 28, 28] });

    // The learnt rows approach the class means of MNIST (Adam at lr 0.05 from zero, 60 batches of 64).
    const mnist = loadMnist({ split: 'train' });
    const table = tensors.ema.get('means.weight')!.data as Float32Array;
    const mean = new Float64Array(784);
    let ones = 0;
    mnist.labels.data.forEach((label, row) => {
      if (label !== 1) return;
      ones += 1;
      for (let p = 0; p < 784; p++) mean[p]! += mnist.images.data[row * 784 + p]! / 127.5 - 1;
    });
    let squared = 0;
    for (let p = 0; p < 784; p++) squared += (table[784 + p]! - mean[p]! / ones) ** 2;
    expect(Math.sqrt(squared / 784)).toBeLessThan(0.25);

    const onnx = join(run, 'means.onnx');
    const exported = await runCaptured(['export', '--checkpoint', run, '--onnx', onnx]);
    expect(exported.stderr).not.toContain('Error');
    expect(exported.code).toBe(0);
    const card = readModelCard(new Uint8Array(readFileSync(onnx)), onnx);
    expect(card.kind).toBe('class-means');
    expect(card.family).toEqual(runCard.family);

    // Sampled from the checkpoint and from the exported file: the table rows of the asked classes.
    for (const source of [
      ['--checkpoint', run],
      ['--onnx', onnx],
    ]) {
      const out = join(root, `${source[0]!.slice(2)}.npy`);
      const sampled = await runCaptured([
        'sample',
        ...source,
        '--classes',
        '3,7',
        '--per-class',
        '2',
        '--format',
        'npy',
        '--out',
        out,
      ]);
      expect(sampled.stderr).not.toContain('Error');
      expect(sampled.stdout).toContain('wrote 4 samples');
      const values = npyValues(out);
      expect(values.length).toBe(4 * 784);
      for (const [index, label] of [3, 3, 7, 7].entries()) {
        for (let p = 0; p < 784; p += 97) {
          const pixel = Math.min(1, Math.max(0, (table[label * 784 + p]! + 1) / 2));
          expect(values[index * 784 + p]).toBeCloseTo(pixel, 5);
        }
      }
    }

    const evaluated = await runCaptured(['eval', '--checkpoint', run, '--samples', '100']);
    expect(evaluated.stderr).not.toContain('Error');
    expect(evaluated.code).toBe(0);
    const record = JSON.parse(readFileSync(join(run, 'eval.jsonl'), 'utf8').trim().split('\n')[0]!);
    expect(record).toMatchObject({ task: 'class-means', samples: 100, checkpoint_step: 60 });
    expect(record.accuracy).toBeGreaterThan(0.5); // class means are recognisable digits
    expect(record.fid).toBeGreaterThan(record.fid_floor); // ten images per class are no data set
    const onnxEval = await runCaptured(['eval', '--checkpoint', run, '--onnx', onnx, '--samples', '100']);
    expect(onnxEval.code).toBe(0);
    const onnxRecord = JSON.parse(readFileSync(join(run, 'eval.jsonl'), 'utf8').trim().split('\n')[1]!);
    expect(onnxRecord.accuracy).toBe(record.accuracy);
    expect(onnxRecord.fid).toBeCloseTo(record.fid, 3);
  }, 300_000);
});

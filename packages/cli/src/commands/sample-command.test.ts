import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';

const root = mkdtempSync(join(tmpdir(), 'latentlab-sample-'));
const run = join(root, 'run');
beforeAll(() => trainTinyDit(run), 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The float32 or int32 values and the shape of an .npy file written by latentlab sample. */
function readNpy(path: string) {
  const bytes = new Uint8Array(readFileSync(path));
  const headerLength = new DataView(bytes.buffer).getUint16(8, true);
  const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .filter((part) => part.trim() !== '')
    .map(Number);
  const data = bytes.slice(10 + headerLength).buffer;
  return { shape, values: header.includes("'<i4'") ? new Int32Array(data) : new Float32Array(data) };
}

const sample = (...flags: string[]) =>
  runCaptured(['sample', '--checkpoint', run, '--steps', '3', '--backend', 'cpu', ...flags]);

describe('latentlab sample --format', () => {
  it('npy: (N, 28, 28) in [0, 1] and the labels, the same for any batch size, onnx ≈ tfjs', async () => {
    const whole = join(root, 'whole.npy');
    expect(
      (await sample('--format', 'npy', '--per-class', '3', '--out', whole, '--batch-size', '30')).code,
    ).toBe(0);
    const images = readNpy(whole);
    const labels = readNpy(join(root, 'whole.labels.npy'));
    expect(images.shape).toEqual([30, 28, 28]);
    expect(labels.shape).toEqual([30]);
    expect([...labels.values]).toEqual(Array.from({ length: 30 }, (_, index) => Math.floor(index / 3)));
    expect(images.values.every((value) => value >= 0 && value <= 1)).toBe(true);
    // Batches of 7: the first batch is seeded like the whole, later ones by their own streams.
    const batched = join(root, 'batched.npy');
    await sample('--format', 'npy', '--per-class', '3', '--out', batched, '--batch-size', '7');
    const inBatches = readNpy(batched).values;
    expect(inBatches.subarray(0, 7 * 784)).toEqual(images.values.subarray(0, 7 * 784));
    const onTfjs = join(root, 'tfjs.npy');
    await sample(
      '--format',
      'npy',
      '--per-class',
      '3',
      '--out',
      onTfjs,
      '--batch-size',
      '30',
      '--engine',
      'tfjs',
    );
    const tfjsValues = readNpy(onTfjs).values;
    const difference = Math.max(...images.values.map((value, index) => Math.abs(value - tfjsValues[index]!)));
    expect(difference).toBeLessThanOrEqual(1e-4);
  }, 60_000);

  it('pngs: one PNG per sample named by index and class; png: a grid, labelled and scaled', async () => {
    const folder = join(root, 'pngs');
    const result = await sample(
      '--format',
      'pngs',
      '--per-class',
      '1',
      '--classes',
      '2,5',
      '--out',
      folder,
      '--scale',
      '2',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['0-class2.png', '1-class5.png']);
    const width = (path: string) => readFileSync(path).readUInt32BE(16); // PNG IHDR width
    expect(width(join(folder, '0-class2.png'))).toBe(2 * (28 + 4));
    const grid = join(root, 'grid.png');
    await sample('--per-class', '2', '--out', grid);
    const plain = join(root, 'plain.png');
    await sample('--per-class', '2', '--out', plain, '--labels', 'false', '--scale', '4');
    expect(width(plain)).toBe(4 * (2 + 2 * 30));
    expect(width(grid)).toBeGreaterThan(2 + 2 * 30); // the label margin
    expect((await sample('--per-class', '2', '--out', folder, '--format', 'pngs')).stderr).toContain(
      'is a folder with files in it: --force writes into it anyway',
    );
  }, 60_000);
});

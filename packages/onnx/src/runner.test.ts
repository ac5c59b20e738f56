import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { createNodeRunner } from './node.js';
import { encodeModel, TensorDataType } from './onnx-proto.js';
import { OnnxFeedError, OnnxModelError } from './runner-errors.js';
import { linearModel, linearParams } from './testing/small-models.js';

const linearBytes = exportOnnx(linearModel, linearParams(4, 3), {
  x: { shape: ['batch', 4], dtype: 'float32' },
});

describe('createNodeRunner', () => {
  it('describes the inputs and outputs', async () => {
    const runner = await createNodeRunner(linearBytes);
    expect(runner.inputNames).toEqual(['x']);
    expect(runner.outputNames).toEqual(['output']);
    expect(runner.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 4] }]);
    expect(runner.outputs).toEqual([{ name: 'output', dtype: 'float32', dims: ['batch', 3] }]);
    await runner.release();
  });

  it('loads a model from a file path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'latentlab-onnx-')), 'linear.onnx');
    writeFileSync(path, linearBytes);
    const runner = await createNodeRunner(path);
    const { output } = await runner.run({ x: tensor(new Float32Array(8), [2, 4]) });
    expect(output!.shape).toEqual([2, 3]);
    await runner.release();
  });

  it('checks feeds: names, dtype, rank, fixed sizes and data length', async () => {
    const runner = await createNodeRunner(linearBytes);
    const x = tensor(new Float32Array(8), [2, 4]);
    const failures: [Record<string, never> | Record<string, unknown>, string][] = [
      [{ x, y: x }, "unknown input 'y'; the model's inputs are: x"],
      [{}, "missing input 'x': expected float32 [batch, 4]"],
      [
        { x: tensor(new Int32Array(8), [2, 4], 'int32') },
        "input 'x': expected float32 [batch, 4], got int32 [2, 4]",
      ],
      [{ x: tensor(new Float32Array(8), [8]) }, "input 'x': expected float32 [batch, 4], got float32 [8]"],
      [
        { x: tensor(new Float32Array(6), [2, 3]) },
        "input 'x': expected float32 [batch, 4], got float32 [2, 3]",
      ],
      [
        { x: { dtype: 'float32', shape: [2, 4], data: new Float32Array(3) } },
        "input 'x' is not a valid tensor",
      ],
    ];
    for (const [feeds, message] of failures) {
      const attempt = runner.run(feeds as never);
      await expect(attempt).rejects.toThrow(OnnxFeedError);
      await expect(runner.run(feeds as never)).rejects.toThrow(message);
    }
    await runner.release();
    await expect(runner.run({ x })).rejects.toThrow('<bytes>: the runner was released');
  });

  it('widens int32 feeds for int64 inputs and narrows int64 outputs', async () => {
    // A foreign model: ids (int64) → Identity → ids_out (int64).
    const bytes = encodeModel({
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      producerName: 'test',
      producerVersion: '0',
      graph: {
        name: 'g',
        nodes: [{ name: 'n', opType: 'Identity', inputs: ['ids'], outputs: ['ids_out'], attributes: [] }],
        initializers: [],
        inputs: [{ name: 'ids', elemType: TensorDataType.INT64, dims: ['n'] }],
        outputs: [{ name: 'ids_out', elemType: TensorDataType.INT64, dims: ['n'] }],
      },
    });
    const runner = await createNodeRunner(bytes);
    expect(runner.inputs[0]!.dtype).toBe('int64');
    const { ids_out: ids } = await runner.run({ ids: tensor([3, -1, 7], [3], 'int32') });
    expect(ids!.dtype).toBe('int32');
    expect([...ids!.data]).toEqual([3, -1, 7]);
  });
});

describe('damaged models', () => {
  const directory = mkdtempSync(join(tmpdir(), 'latentlab-onnx-'));
  const file = (name: string, bytes: Uint8Array | string) => {
    const path = join(directory, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('names an empty file', async () => {
    const path = file('empty.onnx', new Uint8Array());
    await expect(createNodeRunner(path)).rejects.toThrow(new OnnxModelError(path, 'file is empty'));
    await expect(createNodeRunner(new Uint8Array())).rejects.toThrow('<bytes>: file is empty');
  });

  it('names a missing file', async () => {
    const path = join(directory, 'missing.onnx');
    await expect(createNodeRunner(path)).rejects.toThrow(`${path}: file not found`);
  });

  it('reports where a truncated file ends', async () => {
    const path = file('truncated.onnx', linearBytes.subarray(0, 100));
    const attempt = createNodeRunner(path);
    await expect(attempt).rejects.toThrow(OnnxModelError);
    await expect(createNodeRunner(path)).rejects.toThrow(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not an ONNX model: truncated length-delimited field 7 \\(needs \\d+ bytes, \\d+ left\\) at byte \\d+$`,
      ),
    );
  });

  it('rejects every proper prefix of a model before onnxruntime sees it', async () => {
    for (let length = 1; length < linearBytes.length; length += 7) {
      await expect(createNodeRunner(linearBytes.subarray(0, length))).rejects.toThrow(
        /^<bytes>: not an ONNX (model|ModelProto): /,
      );
    }
  });

  it('rejects files that are not ONNX', async () => {
    await expect(createNodeRunner(file('notes.onnx', 'hello, this is text\n'))).rejects.toThrow(
      /notes\.onnx: not an ONNX model: /,
    );
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(createNodeRunner(png)).rejects.toThrow(/^<bytes>: not an ONNX model: /);
    const json = new TextEncoder().encode('{"ir_version": 8}');
    await expect(createNodeRunner(json)).rejects.toThrow(/^<bytes>: not an ONNX (model|ModelProto): /);
  });

  it('wraps what onnxruntime rejects', async () => {
    const bytes = encodeModel({
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      producerName: 'test',
      producerVersion: '0',
      graph: {
        name: 'g',
        nodes: [{ name: 'n', opType: 'NoSuchOp', inputs: ['x'], outputs: ['y'], attributes: [] }],
        initializers: [],
        inputs: [{ name: 'x', elemType: TensorDataType.FLOAT, dims: [1] }],
        outputs: [{ name: 'y', elemType: TensorDataType.FLOAT, dims: [1] }],
      },
    });
    const path = file('unknown-op.onnx', bytes);
    await expect(createNodeRunner(path)).rejects.toThrow(OnnxModelError);
    await expect(createNodeRunner(path)).rejects.toThrow(
      /unknown-op\.onnx: onnxruntime could not load the model: .*NoSuchOp/,
    );
  });
});

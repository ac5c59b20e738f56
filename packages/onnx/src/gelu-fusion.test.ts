import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelFunction, tensor } from '@latentlab/tensor';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { createNodeRunner } from './node.js';
import { decodeModel } from './onnx-proto-decode.js';
import { randomTensor } from './testing/random.js';
import { geluTanhReference } from './testing/reference.js';
import { expectClose } from './testing/run-case.js';

// gelu feeds another op, as in a transformer MLP: onnxruntime does not fuse a subgraph whose last node is a
// graph output.
const geluThenAdd: ModelFunction = (ops, _params, { x }) => ops.add(ops.gelu(x!), x!);

/** The op types of the graph onnxruntime-node runs after its 'extended' optimisations (FastGeluFusion's level). */
async function optimizedOpTypes(bytes: Uint8Array): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'latentlab-gelu-'));
  try {
    const optimizedModelFilePath = join(dir, 'optimized.onnx');
    const session = await ort.InferenceSession.create(bytes, {
      graphOptimizationLevel: 'extended',
      optimizedModelFilePath,
    });
    await session.release();
    return decodeModel(new Uint8Array(readFileSync(optimizedModelFilePath))).graph.nodes.map(
      (node) => node.opType,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("gelu 'tanh' in onnxruntime", () => {
  const bytes = exportOnnx(geluThenAdd, new Map(), { x: { shape: [3, 64], dtype: 'float32' } });

  it('is fused into one FastGelu kernel (no Tanh or Pow left)', async () => {
    const types = await optimizedOpTypes(bytes);
    expect(types).toContain('FastGelu');
    expect(types).not.toContain('Tanh');
    expect(types).not.toContain('Pow');
  });

  it('the fused kernel still computes 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) + x', async () => {
    const x = randomTensor([3, 64], 21, -6, 6);
    const runner = await createNodeRunner(bytes, { sessionOptions: { graphOptimizationLevel: 'all' } });
    const { output } = await runner.run({ x });
    await runner.release();
    const expected = Float32Array.from(x.data as Float32Array, (value) => geluTanhReference(value) + value);
    expectClose(output!, tensor(expected, x.shape), 1e-5);
  });
});

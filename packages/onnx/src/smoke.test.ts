import { tensor } from '@latentlab/tensor';
import * as ortWeb from 'onnxruntime-web';
import { expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { createNodeRunner } from './node.js';
import { createWebRunner } from './web.js';
import { decodeModel } from './onnx-proto-decode.js';

it('smoke', async () => {
  const params = new Map([
    ['w', tensor([1, 2, 3, 4, 5, 6], [3, 2])],
    ['b', tensor([0.5, -1, 2], [3])],
  ]);
  const bytes = exportOnnx(
    (ops, p, { x }) => ops.add(ops.matmul(x!, p.get('w'), { transposeB: true }), p.get('b')),
    params,
    { x: { shape: ['batch', 2], dtype: 'float32' } },
  );
  console.log(JSON.stringify(decodeModel(bytes), (k, v) => (v instanceof Uint8Array ? `bytes(${v.length})` : v)));
  const runner = await createNodeRunner(bytes);
  const out = await runner.run({ x: tensor([1, 1, 2, 0, 0, 0, 1, 1, 2, 0], [5, 2]) });
  console.log(out);
  ortWeb.env.wasm.numThreads = 1;
  const web = await createWebRunner(bytes);
  console.log(await web.run({ x: tensor([1, 1, 2, 0], [2, 2]) }));
});

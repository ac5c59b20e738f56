import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tensor } from '@latentlab/tensor';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { createNodeRunner } from './node.js';
import { onnxDenoiser } from './onnx-denoiser.js';
import { readModelCard } from './read-model-card.js';
import { OnnxModelError } from './runner-errors.js';
import { ALL_OP_CASES } from './testing/op-cases.js';
import { randomIntTensor, randomTensor } from './testing/random.js';
import { expectClose, runCase } from './testing/run-case.js';
import {
  convAttentionModel,
  convAttentionParams,
  linearModel,
  linearParams,
} from './testing/small-models.js';
import { TOY_INPUTS, toyDenoiser, toyDenoiserCard, toyDenoiserParams } from './testing/toy-denoiser.js';
import { createWebRunner } from './web.js';

beforeAll(() => {
  // onnxruntime-web in Node: one wasm thread (no worker threads needed).
  ort.env.wasm.numThreads = 1;
});

describe('every op in onnxruntime-web (wasm) matches onnxruntime-node', () => {
  for (const opCase of ALL_OP_CASES) {
    it(opCase.name, async () => {
      const web = await runCase(opCase, (bytes) => createWebRunner(bytes));
      const node = await runCase(opCase, (bytes) => createNodeRunner(bytes));
      // Data movement and basic arithmetic agree bit for bit; transcendental functions, matmul, conv and
      // reductions differ in the last bits (native MLAS kernels vs. wasm).
      expectClose(web, node, 1e-6);
      expectClose(web, opCase.expected(), opCase.tolerance);
    });
  }
});

describe('createWebRunner', () => {
  it('gives the same outputs as onnxruntime-node for the same bytes', async () => {
    const bytes = exportOnnx(convAttentionModel, convAttentionParams(), {
      x: { shape: ['batch', 2, 8, 8], dtype: 'float32' },
      labels: { shape: ['batch'], dtype: 'int32' },
    });
    const feeds = { x: randomTensor([3, 2, 8, 8], 5), labels: randomIntTensor([3], 6, 0, 10) };
    const web = await createWebRunner(bytes);
    const node = await createNodeRunner(bytes);
    const webOutputs = await web.run(feeds);
    const nodeOutputs = await node.run(feeds);
    expect(web.outputNames).toEqual(node.outputNames);
    for (const name of node.outputNames) expectClose(webOutputs[name]!, nodeOutputs[name]!, 1e-6);
    await Promise.all([web.release(), node.release()]);
  });

  it('is bit-identical to onnxruntime-node where the arithmetic is exact', async () => {
    const params = new Map([
      ['w', tensor([1, -2, 3, 0.5, 4, -1, 2, 0], [2, 4])],
      ['b', tensor([0.25, -8], [2])],
    ]);
    const bytes = exportOnnx(linearModel, params, { x: { shape: ['batch', 4], dtype: 'float32' } });
    const x = tensor([1, 2, 3, 4, -1, 0.5, 2, 8, 0, 0, 1, -3], [3, 4]);
    const [web, node] = await Promise.all([createWebRunner(bytes), createNodeRunner(bytes)]);
    const [fromWeb, fromNode] = await Promise.all([web.run({ x }), node.run({ x })]);
    expect(fromWeb['output']).toEqual(fromNode['output']);
  });

  it('fetches a model from a URL', async () => {
    const bytes = exportOnnx(linearModel, linearParams(4, 3), { x: { shape: [1, 4], dtype: 'float32' } });
    const server = createServer((request, response) => {
      if (request.url === '/linear.onnx') response.end(bytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const runner = await createWebRunner(`http://127.0.0.1:${port}/linear.onnx`);
      const { output } = await runner.run({ x: randomTensor([1, 4], 3) });
      expect(output!.shape).toEqual([1, 3]);
      const missing = `http://127.0.0.1:${port}/missing.onnx`;
      await expect(createWebRunner(missing)).rejects.toThrow(
        new OnnxModelError(missing, 'could not fetch the model: HTTP 404 Not Found'),
      );
    } finally {
      server.close();
    }
  });

  it('validates the bytes before onnxruntime-web sees them', async () => {
    await expect(createWebRunner(new Uint8Array())).rejects.toThrow('<bytes>: file is empty');
    const truncated = exportOnnx(linearModel, linearParams(4, 3), {
      x: { shape: [1, 4], dtype: 'float32' },
    }).subarray(0, 60);
    await expect(createWebRunner(truncated)).rejects.toThrow(/^<bytes>: not an ONNX model: truncated/);
  });
});

describe('a model card in the browser runtime', () => {
  it('travels with the bytes: onnxruntime-web loads them and the card drives the same denoiser', async () => {
    const bytes = exportOnnx(toyDenoiser, toyDenoiserParams(), TOY_INPUTS, {
      outputNames: ['prediction'],
      card: toyDenoiserCard(),
    });
    const [web, node] = await Promise.all([createWebRunner(bytes), createNodeRunner(bytes)]);
    try {
      const card = readModelCard(bytes, 'toy.onnx');
      expect(card).toEqual(toyDenoiserCard());
      const input = {
        x: randomTensor([2, 2, 3], 11).data,
        shape: [2, 2, 3],
        t: 0.75,
        condition: Int32Array.from([2, 3]),
      };
      const [fromWeb, fromNode] = await Promise.all([
        onnxDenoiser(web, card)(input),
        onnxDenoiser(node, card)(input),
      ]);
      expect(fromWeb).toEqual(fromNode);
    } finally {
      await Promise.all([web.release(), node.release()]);
    }
  });
});

import { exportOnnx } from '@latentlab/onnx';
import { createRng, type ModelFunction, type ParamStore, type Tensor, tensor } from '@latentlab/tensor';
import { checkParity, specsFor } from './compare.js';
import { convNetModel, initConvNet, tinyConvNet } from './models/conv-net.js';
import { initTransformerBlock, tinyTransformer, transformerBlockModel } from './models/transformer-block.js';
import { RandomTensors } from './random-tensors.js';
import { type RegressionBatch, trainRegression } from './train.js';

export interface ModelParity {
  model: string;
  parameters: number;
  steps: number;
  firstLoss: number;
  lastLoss: number;
  /** The exported model. */
  onnx: Uint8Array;
  /** max |tfjs − onnxruntime-node| on a batch size the export never saw. */
  nodeMaxAbsDiff: number;
  /** max |tfjs − onnxruntime-web (wasm)| on the same batch. */
  webMaxAbsDiff: number;
  outputMaxAbs: number;
}

interface ModelUnderTest {
  name: string;
  model: ModelFunction;
  init: ParamStore;
  batchAt: (step: number) => RegressionBatch;
  evaluationInputs: Record<string, Tensor>;
}

function modelsUnderTest(seed: number): ModelUnderTest[] {
  const random = new RandomTensors(seed);
  const { tokens, inputWidth, outputWidth } = tinyTransformer;
  // Toy sequence task: predict each token's first features, reversed along the sequence.
  const sequenceBatch = (): RegressionBatch => {
    const x = random.normal([8, tokens, inputWidth]);
    const target = new Float32Array(8 * tokens * outputWidth);
    for (let b = 0; b < 8; b++)
      for (let t = 0; t < tokens; t++)
        for (let f = 0; f < outputWidth; f++)
          target[(b * tokens + t) * outputWidth + f] = x.data[
            (b * tokens + (tokens - 1 - t)) * inputWidth + f
          ] as number;
    return { inputs: { x }, target: { dtype: 'float32', shape: [8, tokens, outputWidth], data: target } };
  };
  // Toy image task: reconstruct images made of 2×2 blocks (what the pooling bottleneck can carry).
  const { size } = tinyConvNet;
  const imageBatch = (): RegressionBatch => {
    const blocks = random.normal([8, 1, size / 2, size / 2]);
    const pixels = new Float32Array(8 * size * size);
    for (let i = 0; i < pixels.length; i++) {
      const [b, row, column] = [Math.floor(i / (size * size)), Math.floor(i / size) % size, i % size];
      pixels[i] = blocks.data[(b * (size / 2) + (row >> 1)) * (size / 2) + (column >> 1)] as number;
    }
    const x = tensor(pixels, [8, 1, size, size]);
    return { inputs: { x }, target: x };
  };
  return [
    {
      name: 'transformer block',
      model: transformerBlockModel(tinyTransformer),
      init: initTransformerBlock(tinyTransformer, createRng(seed + 1)),
      batchAt: sequenceBatch,
      evaluationInputs: { x: random.normal([3, tokens, inputWidth]) },
    },
    {
      name: 'conv net',
      model: convNetModel(tinyConvNet),
      init: initConvNet(tinyConvNet, createRng(seed + 2)),
      batchAt: imageBatch,
      evaluationInputs: { x: random.normal([3, 1, tinyConvNet.size, tinyConvNet.size]) },
    },
  ];
}

/**
 * The parity proof end to end: build each small model, train it a few steps in tfjs, export it with a
 * dynamic batch dimension, and compare tfjs with onnxruntime-node and onnxruntime-web on a new batch size.
 */
export async function runModelParity(steps = 10, seed = 0): Promise<ModelParity[]> {
  const results: ModelParity[] = [];
  for (const candidate of modelsUnderTest(seed)) {
    const { losses, params } = await trainRegression(
      candidate.model,
      candidate.init,
      candidate.batchAt,
      steps,
    );
    const onnxBytes = exportOnnx(candidate.model, params, specsFor(candidate.evaluationInputs, true));
    const node = await checkParity(candidate.model, params, candidate.evaluationInputs, { onnxBytes });
    const web = await checkParity(candidate.model, params, candidate.evaluationInputs, {
      onnxBytes,
      runtime: 'web',
    });
    results.push({
      model: candidate.name,
      parameters: [...params.values()].reduce((total, value) => total + value.data.length, 0),
      steps,
      firstLoss: losses[0] as number,
      lastLoss: losses.at(-1) as number,
      onnx: onnxBytes,
      nodeMaxAbsDiff: node.maxAbsDiff,
      webMaxAbsDiff: web.maxAbsDiff,
      outputMaxAbs: node.maxAbs,
    });
  }
  return results;
}

import { writeFileSync } from 'node:fs';
import { generate } from '@latentlab/samplers';
import { rectifiedFlow } from '@latentlab/schedules';
import { paramsFromMap } from '@latentlab/tensor';
import { runModel, tf, toTf, useBackend } from '@latentlab/tfjs';
import { loadCheckpoint } from './src/checkpoint/checkpoint.js';
import { encodePng } from './src/images/png.js';
import { buildModel } from './src/recipes/build-model.js';
import { renderSamples } from './src/sampling/render-samples.js';
import { tfjsDenoiser } from './src/sampling/tfjs-denoiser.js';

await useBackend('native');
const { tensors, state } = loadCheckpoint(process.argv[2]!);
const model = buildModel(state.modelConfig);
const params = paramsFromMap(new Map([...tensors.ema].map(([n, v]) => [n, toTf(v)])));
const B = 20;
const N = 50;
const labels = Int32Array.from({ length: B }, (_, i) => i % 10);
let x = tf.randomNormal([B, 1, 28, 28], 0, 1, 'float32', 3);
const start = x.dataSync().slice() as Float32Array;
for (let i = 0; i < N; i++) {
  const t = 1 - i / N;
  const next = tf.tidy(() => {
    const v = runModel(model, params, { x, t: tf.fill([B], t), y: tf.tensor1d(labels, 'int32') })[
      'output'
    ] as tf.Tensor;
    return tf.sub(x, tf.mul(v, 1 / N));
  });
  x.dispose();
  x = next;
}
const manual = x.dataSync() as Float32Array;
const seenTimes: number[] = [];
const den = tfjsDenoiser(model, params);
const viaGenerate = await generate({
  process: rectifiedFlow(),
  model: async (req) => {
    seenTimes.push(req.t);
    return den(req);
  },
  target: 'velocity',
  condition: labels,
  shape: [B, 1, 28, 28],
  steps: N,
  sampler: 'euler',
  seed: 0,
});
console.log(
  'times seen by generate:',
  seenTimes.slice(0, 4).map((t) => t.toFixed(4)),
  '…',
  seenTimes.slice(-3).map((t) => t.toFixed(4)),
);
const all = new Float32Array(2 * B * 784);
all.set(manual, 0);
all.set(viaGenerate, B * 784);
writeFileSync(
  '/work/runs/diag-manual.png',
  encodePng(renderSamples(state.modelConfig, all, new Int32Array(2 * B), 4, 10)),
);
console.log(start.length);

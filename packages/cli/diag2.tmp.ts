import { writeFileSync } from 'node:fs';
import { gatherBatch, loadMnist, toFloatImages } from '@latentlab/data';
import { paramsFromMap } from '@latentlab/tensor';
import { runModel, tf, toTf, useBackend } from '@latentlab/tfjs';
import { loadCheckpoint } from './src/checkpoint/checkpoint.js';
import { encodePng } from './src/images/png.js';
import { buildModel } from './src/recipes/build-model.js';
import { renderSamples } from './src/sampling/render-samples.js';

await useBackend('native');
const { tensors, state } = loadCheckpoint(process.argv[2]!);
const model = buildModel(state.modelConfig);
const params = paramsFromMap(new Map([...tensors.ema].map(([n, v]) => [n, toTf(v)])));
const test = loadMnist({ split: 'test' });
const idx = Array.from({ length: 10 }, (_, i) => i);
const batch = gatherBatch(test.images, test.labels, idx);
const x0 = toFloatImages(batch.images);
const rows: Float32Array[] = [];
for (const t of (process.argv[3] ?? '0.1,0.3,0.5,0.7,0.9').split(',').map(Number)) {
  const out = tf.tidy(() => {
    const x = toTf(x0) as tf.Tensor;
    const eps = tf.randomNormal(x.shape, 0, 1, 'float32', 1);
    const xt = tf.add(tf.mul(x, 1 - t), tf.mul(eps, t));
    const v = runModel(model, params, { x: xt, t: tf.fill([10], t), y: toTf(batch.labels) })[
      'output'
    ] as tf.Tensor;
    const x0hat = tf.sub(xt, tf.mul(v, t));
    const mse = tf.mean(tf.square(tf.sub(x0hat, x))).dataSync()[0];
    const vmse = tf.mean(tf.square(tf.sub(v, tf.sub(eps, x)))).dataSync()[0];
    console.log(`t=${t} x0 mse ${mse?.toFixed(4)} velocity mse ${vmse?.toFixed(4)}`);
    return x0hat.dataSync() as Float32Array;
  });
  rows.push(out);
}
const all = new Float32Array(50 * 784);
rows.forEach((r, i) => all.set(r, i * 7840));
writeFileSync(
  '/work/runs/diag-x0hat.png',
  encodePng(renderSamples(state.modelConfig, all, new Int32Array(50), 5, 10)),
);

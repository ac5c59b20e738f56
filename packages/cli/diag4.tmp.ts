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
const batch = gatherBatch(
  test.images,
  test.labels,
  Array.from({ length: 10 }, (_, i) => i),
);
const x0 = toTf(toFloatImages(batch.images)) as tf.Tensor;
const y = toTf(batch.labels) as tf.Tensor;
const starts = [0.3, 0.5, 0.7, 0.9, 1.0];
const all = new Float32Array(starts.length * 7840);
for (const [row, t0] of starts.entries()) {
  const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', 7);
  let x = tf.add(tf.mul(x0, 1 - t0), tf.mul(eps, t0));
  const N = 40;
  for (let i = 0; i < N; i++) {
    const t = t0 * (1 - i / N),
      dt = t0 / N;
    const next = tf.tidy(() =>
      tf.sub(x, tf.mul(runModel(model, params, { x, t: tf.fill([10], t), y })['output'] as tf.Tensor, dt)),
    );
    x.dispose();
    x = next;
  }
  const mse = tf.mean(tf.square(tf.sub(x, x0))).dataSync()[0]!;
  const mean = tf.mean(x).dataSync()[0]!,
    std = tf.moments(x).variance.sqrt().dataSync()[0]!;
  console.log(`from t=${t0}: mse to x0 ${mse.toFixed(4)} mean ${mean.toFixed(3)} std ${std.toFixed(3)}`);
  all.set(x.dataSync() as Float32Array, row * 7840);
}
const real = tf.moments(x0);
console.log(
  'real mean',
  real.mean.dataSync()[0]!.toFixed(3),
  'std',
  real.variance.sqrt().dataSync()[0]!.toFixed(3),
);
writeFileSync(
  '/work/runs/diag-traj.png',
  encodePng(renderSamples(state.modelConfig, all, new Int32Array(50), 5, 10)),
);

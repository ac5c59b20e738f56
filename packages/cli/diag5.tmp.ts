import { paramsFromMap } from '@latentlab/tensor';
import { runModel, tf, toTf, useBackend } from '@latentlab/tfjs';
import { loadCheckpoint } from './src/checkpoint/checkpoint.js';
import { buildModel } from './src/recipes/build-model.js';

const { tensors, state } = loadCheckpoint(process.argv[2]!);
const model = buildModel(state.modelConfig);
const B = 8;
const xv = tf.randomNormal([B, 1, 28, 28], 0, 1, 'float32', 1).dataSync().slice();
const run = async (backend: 'cpu' | 'native') => {
  await useBackend(backend);
  const params = paramsFromMap(new Map([...tensors.ema].map(([n, v]) => [n, toTf(v)])));
  const out = runModel(model, params, {
    x: tf.tensor(xv, [B, 1, 28, 28]),
    t: tf.fill([B], 0.7),
    y: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'),
  })['output'] as tf.Tensor;
  return out.dataSync().slice() as Float32Array;
};
const a = await run('cpu');
const b = await run('native');
let m = 0,
  mag = 0;
for (let i = 0; i < a.length; i++) {
  m = Math.max(m, Math.abs(a[i]! - b[i]!));
  mag = Math.max(mag, Math.abs(a[i]!));
}
console.log('max diff cpu vs native', m, 'magnitude', mag);
{
  await useBackend('native');
  const params = paramsFromMap(new Map([...tensors.ema].map(([n, v]) => [n, toTf(v)])));
  const x1 = tf.tensor(xv, [B, 1, 28, 28]);
  const bump = tf.buffer([B, 1, 28, 28]);
  for (let bb = 0; bb < B; bb++)
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) bump.set(3, bb, 0, r, c);
  const x2 = tf.add(x1, bump.toTensor());
  const f = (x: tf.Tensor) =>
    runModel(model, params, { x, t: tf.fill([B], 0.7), y: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32') })[
      'output'
    ] as tf.Tensor;
  const d = tf.abs(tf.sub(f(x2), f(x1))) as tf.Tensor4D;
  const far = d.slice([0, 0, 20, 20], [B, 1, 8, 8]).max().dataSync()[0];
  const near = d.slice([0, 0, 0, 0], [B, 1, 4, 4]).max().dataSync()[0];
  console.log('effect of perturbing the top-left patch: on itself', near, 'on the bottom-right', far);
  for (const name of ['blocks.0.adaLN_modulation.1.bias', 'blocks.3.adaLN_modulation.1.bias']) {
    const v = tensors.ema.get(name)!.data as Float32Array;
    const D = v.length / 6;
    const gateMsa = Array.from(v.subarray(2 * D, 3 * D)).reduce((s, x) => s + Math.abs(x), 0) / D;
    console.log(name, 'mean |gate_msa bias|', gateMsa.toFixed(4));
  }
}

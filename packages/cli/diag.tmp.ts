import { writeFileSync } from 'node:fs';
import { useBackend } from '@latentlab/tfjs';
import { loadCheckpoint } from './src/checkpoint/checkpoint.js';
import { writeSampleGrid } from './src/training/sample-checkpoint.js';

await useBackend('native');
const dir = process.argv[2]!;
const { tensors, state } = loadCheckpoint(dir);
const stats = (store: Map<string, { data: Float32Array }>, name: string) => {
  const v = store.get(name)!.data;
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s / v.length).toExponential(2);
};
for (const n of ['final_layer.linear.weight', 'blocks.0.adaLN_modulation.1.weight', 'x_embedder.proj.weight'])
  console.log(n, 'raw', stats(tensors.params as never, n), 'ema', stats(tensors.ema as never, n));
for (const [which, weights] of [
  ['raw', tensors.params],
  ['ema', tensors.ema],
] as const) {
  await writeSampleGrid({
    config: state.modelConfig,
    weights,
    steps: 20,
    guidanceScale: 2,
    seed: 0,
    path: `/work/runs/diag-${which}.png`,
  });
}
writeFileSync('/dev/null', '');

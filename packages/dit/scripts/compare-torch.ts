/**
 * Cross-checks this package's DiT against latentlab's PyTorch peer tools/bench/torch/dit_training_step.py (not part of the
 * test suite, which never needs Python). Step 1 (this file): build ditS4 with a learned position embedding
 * (the peer's), randomise every parameter, run one forward pass in tfjs and write
 *   <dir>/params.safetensors  (latentlab / DiT names)
 *   <dir>/io.safetensors      (inputs x, t, y, the tfjs output and the 7×7 sin-cos position table)
 * Step 2: `python3 scripts/compare-torch.py <dir>` loads both into the peer's model and compares.
 *
 * Usage: npx tsx scripts/compare-torch.ts [dir]   (dir defaults to $TMPDIR/latentlab-dit-torch)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRng, paramsFromMap, sizeOf, type Tensor, tensor, writeSafetensors } from '@latentlab/tensor';
import { fromTf, runModel, tf, toTf, useBackend } from '@latentlab/tfjs';
import { ditModel, ditS4, initDit, sincosPositionTable } from '../src/index.js';

const directory = process.argv[2] ?? path.join(tmpdir(), 'latentlab-dit-torch');
await useBackend('cpu');

const config = ditS4({ positionEmbedding: 'learned' });
const rng = createRng(2024);
const normal = (shape: readonly number[], scale: number): Tensor<'float32'> => {
  const values = rng.normal(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * scale;
  return tensor(values, shape);
};

// Every parameter random (zero-initialised modulation and output would hide most of the model).
const params = new Map<string, Tensor>();
for (const [name, value] of initDit(config, createRng(0))) params.set(name, normal(value.shape, 0.1));

const batch = 3;
const inputs = {
  x: normal([batch, config.channels, config.imageSize, config.imageSize], 1),
  t: tensor(rng.uniform(batch), [batch]),
  y: tensor(Int32Array.from([3, 7, config.classes]), [batch], 'int32'),
};
const result = tf.tidy(() => {
  const variables = paramsFromMap(new Map([...params].map(([name, value]) => [name, toTf(value)])));
  const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
  return runModel(ditModel(config), variables, feeds)['output'] as tf.Tensor;
});
const output = fromTf(result);
result.dispose();

mkdirSync(directory, { recursive: true });
writeFileSync(path.join(directory, 'params.safetensors'), writeSafetensors(params));
writeFileSync(
  path.join(directory, 'io.safetensors'),
  writeSafetensors({ ...inputs, output, sincos: sincosPositionTable(config.hiddenSize, 7) }),
);
console.log(
  `wrote ${params.size} parameters and the tfjs output ${JSON.stringify(output.shape)} to ${directory}/`,
);

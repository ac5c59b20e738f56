import { ditModel, ditTiny2, initDit } from '@latentlab/dit';
import { exportOnnx } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { edm, rectifiedFlow } from '@latentlab/schedules';
import { createRng, type ParamStore, paramsFromMap, type Tensor, tensor } from '@latentlab/tensor';
import { fromTf, runModel, tf, toTf } from '@latentlab/tfjs';
import { describe, expect, it } from 'vitest';
import { consistencyFunction } from './consistency-function.js';

/** Every parameter N(0, 0.3²): zero-initialised DiT layers would hide the network's part of f. */
function randomParams(store: ParamStore, seed: number): ParamStore {
  const rng = createRng(seed);
  return new Map(
    [...store].map(([name, value]) => [
      name,
      tensor(
        rng.normal(value.data.length).map((v) => 0.3 * v),
        value.shape,
      ),
    ]),
  );
}

function runTfjs(
  model: ReturnType<typeof consistencyFunction>,
  params: ParamStore,
  inputs: Record<string, Tensor>,
): Float32Array {
  return tf.tidy(() => {
    const feeds = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, toTf(value)]));
    const variables = new Map([...params].map(([name, value]) => [name, toTf(value)]));
    return fromTf(runModel(model, paramsFromMap(variables), feeds)['output'] as tf.Tensor)
      .data as Float32Array;
  });
}

const config = ditTiny2();
const cases = [
  ['rf, x0 network', rectifiedFlow(), 'x0'],
  ['rf, velocity network', rectifiedFlow(), 'velocity'],
  ['edm, x0 network', edm(), 'x0'],
] as const;

describe('the consistency function (Song et al. 2023, Appendix C)', () => {
  it.each(cases)(
    '%s: f(x, t_min) = x exactly in tfjs and in onnxruntime; f → the network’s x̂₀ far from it',
    async (_, process, target) => {
      const params = randomParams(initDit(config, createRng(1)), 2);
      const model = consistencyFunction(ditModel(config), { process, target });
      const rng = createRng(3);
      const batch = 3;
      const x = tensor(
        rng.normal(batch * 64).map((v) => 2 * v),
        [batch, 1, 8, 8],
      );
      const at = (t: number): Record<string, Tensor> => ({
        x,
        t: tensor(new Float32Array(batch).fill(t), [batch]),
        y: tensor(Int32Array.of(0, 1, 3), [batch], 'int32'),
      });
      const boundary = runTfjs(model, params, at(process.tMin));
      expect(Array.from(boundary)).toEqual(Array.from(x.data));
      const onnx = exportOnnx(model, params, {
        x: { shape: ['batch', 1, 8, 8], dtype: 'float32' },
        t: { shape: ['batch'], dtype: 'float32' },
        y: { shape: ['batch'], dtype: 'int32' },
      });
      const runner = await createNodeRunner(onnx);
      try {
        const exported = (await runner.run(at(process.tMin)))['output']!;
        expect(Array.from(exported.data)).toEqual(Array.from(x.data));
        // Away from the boundary tfjs and onnxruntime agree within the parity bound.
        const middle = process.name === 'rf' ? 0.5 : 1;
        const inTfjs = runTfjs(model, params, at(middle));
        const inOrt = (await runner.run(at(middle)))['output']!.data;
        let difference = 0;
        for (let i = 0; i < inTfjs.length; i++)
          difference = Math.max(difference, Math.abs(inTfjs[i]! - inOrt[i]!));
        expect(difference).toBeLessThanOrEqual(1e-4);
      } finally {
        await runner.release();
      }
      // Far from the boundary (s = σ/α ≫ σ_data) f is the inner network's x̂₀.
      const noisy = process.name === 'rf' ? 0.999 : 80;
      const f = runTfjs(model, params, at(noisy));
      const prediction = runTfjs(ditModel(config), params, at(noisy));
      const innerX0 = target === 'x0' ? prediction : prediction.map((v, i) => x.data[i]! - noisy * v);
      let far = 0;
      for (let i = 0; i < f.length; i++) far = Math.max(far, Math.abs(f[i]! - innerX0[i]!));
      expect(far).toBeLessThan(2e-3 * Math.max(1, ...Array.from(innerX0, Math.abs)));
      // And strictly between them: neither x nor x̂₀ alone.
      expect(runTfjs(model, params, at(process.name === 'rf' ? 0.3 : 0.5))).not.toEqual(boundary);
    },
  );
});

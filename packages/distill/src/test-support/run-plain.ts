import { type ModelFunction, type ParamStore, paramsFromMap, tensor } from '@latentlab/tensor';
import { fromTf, runModel, tf, toTf } from '@latentlab/tfjs';

/** Runs a 2-D toy model on one point (x, t, optional label and scalar inputs) and returns its output. */
export function runPlain(
  model: ModelFunction,
  params: ParamStore,
  input: { x: [number, number]; t: number; y?: number; scalars?: Record<string, number> },
): [number, number] {
  return runBatch(model, params, {
    x: Float32Array.from(input.x),
    t: Float32Array.of(input.t),
    y: Int32Array.of(input.y ?? 0),
    scalars: Object.fromEntries(
      Object.entries(input.scalars ?? {}).map(([name, value]) => [name, Float32Array.of(value)]),
    ),
  }) as unknown as [number, number];
}

/** Runs a toy model on B points: x (B·2), t (B), y (B), scalars (B each) → (B·2). */
export function runBatch(
  model: ModelFunction,
  params: ParamStore,
  input: { x: Float32Array; t: Float32Array; y: Int32Array; scalars?: Record<string, Float32Array> },
): Float32Array {
  const count = input.t.length;
  return tf.tidy(() => {
    const variables = new Map([...params].map(([name, value]) => [name, toTf(value)]));
    const feeds: Record<string, tf.Tensor> = {
      x: toTf(tensor(input.x, [count, 2])),
      t: toTf(tensor(input.t, [count])),
      y: toTf(tensor(input.y, [count], 'int32')),
    };
    for (const [name, value] of Object.entries(input.scalars ?? {}))
      feeds[name] = toTf(tensor(value, [count]));
    const output = runModel(model, paramsFromMap(variables), feeds)['output'] as tf.Tensor;
    return fromTf(output).data as Float32Array;
  });
}

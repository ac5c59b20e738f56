import {
  declareParams,
  initializers,
  linear,
  type ModelFunction,
  type Ops,
  type ParamStore,
  type Params,
  type Rng,
  tensor,
} from '@latentlab/tensor';

const WIDTH = 96;
const FREQUENCIES = Float32Array.from({ length: 6 }, (_, k) => 2 ** k);

/**
 * A small MLP student over 2-D points: x (B, 2), t (B), y (B) int32 of `classes` + 1 labels, and the float
 * (B) inputs named in `scalars` (a guidance scale w, a step size d) → (B, 2). Residual SiLU blocks over
 * [x, sin/cos(t·2^k), a class embedding, the scalars and their sinusoids].
 */
export function toyStudent(classes: number, scalars: readonly string[] = []): ModelFunction {
  return <T>(ops: Ops<T>, params: Params<T>, inputs: Readonly<Record<string, T>>) => {
    const frequencies = ops.constant(tensor(FREQUENCIES, [1, FREQUENCIES.length]));
    const features = (value: T) => {
      const angles = ops.mul(ops.reshape(value, [-1, 1]), frequencies); // (B, F)
      return [ops.reshape(value, [-1, 1]), ops.sin(angles), ops.cos(angles)];
    };
    const table = params.declare('label_embedding', [classes + 1, 8], initializers.normal(1));
    const parts = [
      inputs['x']!,
      ...features(inputs['t']!),
      ops.gather(table, inputs['y']!, 0), // (B, 8)
      ...scalars.flatMap((name) => features(inputs[name]!)),
    ];
    let hidden = linear(ops, params, 'input', ops.concat(parts, 1), WIDTH); // (B, W)
    for (let block = 0; block < 3; block++) {
      hidden = ops.add(hidden, linear(ops, params, `blocks.${block}`, ops.silu(hidden), WIDTH)); // (B, W)
    }
    return linear(ops, params, 'output', ops.silu(hidden), 2); // (B, 2)
  };
}

export function initToyStudent(classes: number, scalars: readonly string[], rng: Rng): ParamStore {
  const batch = { shape: ['batch'] as (number | string)[], dtype: 'float32' as const };
  return declareParams(
    toyStudent(classes, scalars),
    {
      x: { shape: ['batch', 2], dtype: 'float32' },
      t: batch,
      y: { shape: ['batch'], dtype: 'int32' },
      ...Object.fromEntries(scalars.map((name) => [name, batch])),
    },
    rng,
  );
}

/**
 * An affine-in-x student with coefficients linear in t: x̂₀ = (a₀ + a₁·t)·x + (b₀ + b₁·t). It can represent
 * any affine map at two times exactly — what a progressive-distillation round of an exact Gaussian teacher
 * needs (the teacher's DDIM map is affine in the noise).
 */
export const affineStudent: ModelFunction = <T>(
  ops: Ops<T>,
  params: Params<T>,
  inputs: Readonly<Record<string, T>>,
) => {
  const t = ops.reshape(inputs['t']!, [-1, 1]); // (B, 1)
  const scale = ops.add(
    params.declare('a0', [1, 2], initializers.ones()),
    ops.mul(t, params.declare('a1', [1, 2], initializers.zeros())),
  );
  const shift = ops.add(
    params.declare('b0', [1, 2], initializers.zeros()),
    ops.mul(t, params.declare('b1', [1, 2], initializers.zeros())),
  );
  return ops.add(ops.mul(scale, inputs['x']!), shift); // (B, 2)
};

export function initAffineStudent(rng: Rng): ParamStore {
  return declareParams(
    affineStudent,
    { x: { shape: ['batch', 2], dtype: 'float32' }, t: { shape: ['batch'], dtype: 'float32' } },
    rng,
  );
}

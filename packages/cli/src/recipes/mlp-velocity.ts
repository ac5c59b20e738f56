import {
  linear,
  type ModelFunction,
  normalInit,
  type ParamStore,
  type Rng,
  tensor,
  xavierUniform,
  zeros,
} from '@latentlab/tensor';

/** A small MLP velocity field v(x, t, y) for low-dimensional data (two moons). */
export interface MlpVelocityConfig {
  kind: 'mlp';
  /** Data dimensions (2 for points in the plane). */
  dimensions: number;
  hiddenSize: number;
  /** Residual blocks x + Linear(SiLU(x)). */
  depth: number;
  /** Real classes; the class table has one more row, the null class for CFG. */
  classes: number;
  /** Sinusoidal time features: sin and cos of t·π·2^k, k < timeFrequencies. */
  timeFrequencies: number;
}

/**
 * x (B, dimensions), t (B), y (B) int32 → velocity (B, dimensions):
 * h = W_in [x, sin(tω), cos(tω)] + E[y]; h ← h + W_k SiLU(h) for each block; v = W_out SiLU(h).
 */
export function mlpVelocityModel(config: MlpVelocityConfig): ModelFunction {
  const frequencies = Float32Array.from({ length: config.timeFrequencies }, (_, k) => Math.PI * 2 ** k);
  return (ops, params, { x, t, y }) => {
    const angles = ops.mul(
      ops.reshape(t!, [-1, 1]),
      ops.constant(tensor(frequencies, [1, frequencies.length])),
    ); // (B, F)
    const features = ops.concat([x!, ops.sin(angles), ops.cos(angles)], 1); // (B, dimensions + 2F)
    const label = ops.gather(params.get('class_embedding.weight'), y!, 0); // (B, D)
    let hidden = ops.add(linear(ops, params, 'input', features), label); // (B, D)
    for (let block = 0; block < config.depth; block++) {
      hidden = ops.add(hidden, linear(ops, params, `blocks.${block}`, ops.silu(hidden))); // (B, D)
    }
    return linear(ops, params, 'output', ops.silu(hidden)); // (B, dimensions)
  };
}

/** Xavier-uniform Linear weights, zero biases, N(0, 0.02²) class table, zero output layer. */
export function initMlpVelocity(config: MlpVelocityConfig, rng: Rng): ParamStore {
  const { dimensions, hiddenSize, depth, classes, timeFrequencies } = config;
  const inputWidth = dimensions + 2 * timeFrequencies;
  const params: ParamStore = new Map([
    ['input.weight', xavierUniform(rng, [hiddenSize, inputWidth])],
    ['input.bias', zeros([hiddenSize])],
    ['class_embedding.weight', normalInit(rng, [classes + 1, hiddenSize], 0.02)],
  ]);
  for (let block = 0; block < depth; block++) {
    params.set(`blocks.${block}.weight`, xavierUniform(rng, [hiddenSize, hiddenSize]));
    params.set(`blocks.${block}.bias`, zeros([hiddenSize]));
  }
  params.set('output.weight', zeros([dimensions, hiddenSize]));
  params.set('output.bias', zeros([dimensions]));
  return params;
}

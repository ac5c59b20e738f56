import {
  declareParams,
  type InputSpec,
  initializers,
  linear,
  type ModelFunction,
  type ParamStore,
  type Rng,
  tensor,
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
    const width = config.hiddenSize;
    const projected = linear(ops, params, 'input', features, width); // (B, D)
    const table = params.declare(
      'class_embedding.weight',
      [config.classes + 1, width],
      initializers.normal(0.02),
    );
    let hidden = ops.add(projected, ops.gather(table, y!, 0)); // (B, D)
    for (let block = 0; block < config.depth; block++) {
      hidden = ops.add(hidden, linear(ops, params, `blocks.${block}`, ops.silu(hidden), width)); // (B, D)
    }
    const zero = { weightInit: initializers.zeros() };
    return linear(ops, params, 'output', ops.silu(hidden), config.dimensions, zero); // (B, dimensions)
  };
}

/** The MLP's inputs: x (batch, dimensions), t (batch), y (batch) int32. */
export function mlpVelocityInputs(config: MlpVelocityConfig): Record<string, InputSpec> {
  return {
    x: { shape: ['batch', config.dimensions], dtype: 'float32' },
    t: { shape: ['batch'], dtype: 'float32' },
    y: { shape: ['batch'], dtype: 'int32' },
  };
}

/** Xavier-uniform Linear weights, zero biases, N(0, 0.02²) class table, zero output layer (as declared). */
export function initMlpVelocity(config: MlpVelocityConfig, rng: Rng): ParamStore {
  return declareParams(mlpVelocityModel(config), mlpVelocityInputs(config), rng);
}

import type { ModelFunction, Ops } from '@latentlab/tensor';

export interface EdmPreconditioningOptions {
  /** Standard deviation of the data (Karras et al. 2022: 0.5). */
  sigmaData?: number;
  /** Input names of the wrapped model: the sample and the noise level (default 'x', 't'). */
  sampleName?: string;
  timeName?: string;
}

/**
 * EDM preconditioning (Karras et al. 2022, Table 1 "Network and preconditioning", eq. 7): wraps a raw
 * network F into the denoiser
 *   D(x; σ) = c_skip(σ)·x + c_out(σ)·F(c_in(σ)·x; c_noise(σ)),
 *   c_skip = σ_d²/(σ² + σ_d²),  c_out = σ·σ_d/√(σ² + σ_d²),  c_in = 1/√(σ² + σ_d²),  c_noise = ¼·ln σ,
 * with σ the time input of the `edm` process. The wrapped model predicts x₀; its other inputs (labels) pass
 * through. Written against `Ops`, so the exported ONNX graph holds the preconditioning too.
 * x (B, …), t = σ (B) → (B, …).
 */
export function edmPreconditioning(
  network: ModelFunction,
  options: EdmPreconditioningOptions = {},
): ModelFunction {
  const sigmaData = options.sigmaData ?? 0.5;
  const sampleName = options.sampleName ?? 'x';
  const timeName = options.timeName ?? 't';
  return (ops, params, inputs) => {
    const x = inputs[sampleName];
    const sigma = inputs[timeName];
    if (x === undefined || sigma === undefined) {
      throw new RangeError(`edmPreconditioning: the model needs inputs '${sampleName}' and '${timeName}'`);
    }
    const rank = ops.shape(x).length;
    const perSample = <V>(operations: Ops<V>, value: V) =>
      operations.reshape(value, [-1, ...Array<number>(rank - 1).fill(1)]); // (B, 1, …)
    const dataVariance = ops.scalar(sigmaData * sigmaData);
    const total = ops.add(ops.square(sigma), dataVariance); // (B) σ² + σ_d²
    const inputScale = ops.div(ops.scalar(1), ops.sqrt(total)); // (B) c_in
    const skipScale = ops.div(dataVariance, total); // (B) c_skip
    const outputScale = ops.mul(ops.mul(sigma, ops.scalar(sigmaData)), inputScale); // (B) c_out
    const noiseInput = ops.mul(ops.log(sigma), ops.scalar(0.25)); // (B) c_noise
    const raw = network(ops, params, {
      ...inputs,
      [sampleName]: ops.mul(x, perSample(ops, inputScale)),
      [timeName]: noiseInput,
    });
    const output = singleOutput(ops, raw);
    return ops.add(ops.mul(x, perSample(ops, skipScale)), ops.mul(output, perSample(ops, outputScale))); // (B, …)
  };
}

function singleOutput<T>(_ops: Ops<T>, result: T | Readonly<Record<string, T>>): T {
  if (typeof result === 'object' && result !== null && 'output' in (result as object)) {
    return (result as Record<string, T>)['output'] as T;
  }
  return result as T;
}

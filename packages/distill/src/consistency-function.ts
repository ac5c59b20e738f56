import type { NoiseProcess, PredictionTarget } from '@latentlab/schedules';
import type { ModelFunction, Ops, Params } from '@latentlab/tensor';
import { coefficientsInGraph } from './process-in-graph.js';
import { runOutput } from './teacher.js';

export interface ConsistencyParameterization {
  process: NoiseProcess;
  /** The inner network's prediction target: 'x0' (any process), 'velocity' (rf) or 'epsilon' (edm). */
  target: PredictionTarget;
  /** σ_data of the data in model space (Song et al. 2023 use 0.5 for images in [−1, 1]). */
  sigmaData?: number;
  /** Input names of the inner network (DiT's: x, t). */
  inputNames?: { sample?: string; time?: string };
}

/**
 * The consistency function with its boundary condition built in (Song et al. 2023, §3 and Appendix C):
 * f(x, t) = c_skip(t)·x + c_out(t)·F(x, t), with c_skip(t_min) = 1 and c_out(t_min) = 0, so f(x, t_min) = x
 * holds exactly, whatever the network. Written in the VE frame of the path, s = σ/α (x/α = x₀ + s·ε), with
 * the paper's c_skip(s) = σ_d² / ((s − s_min)² + σ_d²), and with F the inner network's x̂₀ estimate and
 * c_out = 1 − c_skip (the paper's c_out = σ_d(s − s_min)/√(σ_d² + s²) scales a unit-variance output; an x̂₀
 * estimate is already at the data's scale, so a student initialised from its teacher starts as the
 * teacher's denoiser: f ≈ x̂₀ wherever s ≫ σ_d):
 *   f = [σ_d²·α / ((σ − s_min·α)² + σ_d²·α²)]·x + (1 − c_skip)·x̂₀,  c_skip = σ_d²·α² / ((σ − s_min·α)² + σ_d²·α²),
 * finite at α = 0 (rectified flow's t = 1). The result is an x₀ prediction: a card with target 'x0'.
 */
export function consistencyFunction(
  inner: ModelFunction,
  parameterization: ConsistencyParameterization,
): ModelFunction {
  const { process, target } = parameterization;
  const sigmaData = parameterization.sigmaData ?? 0.5;
  const sampleName = parameterization.inputNames?.sample ?? 'x';
  const timeName = parameterization.inputNames?.time ?? 't';
  const sMin = process.sigma(process.tMin) / process.alpha(process.tMin);
  checkTarget(process, target);
  const forward = <T>(ops: Ops<T>, params: Params<T>, inputs: Readonly<Record<string, T>>): T => {
    const x = inputs[sampleName] as T; // (B, …)
    const rank = ops.shape(x).length;
    const t = ops.reshape(inputs[timeName] as T, [-1, ...new Array<number>(rank - 1).fill(1)]); // (B, 1, …)
    const { alpha, sigma } = coefficientsInGraph(ops, process, t);
    const prediction = runOutput(ops, inner, params, inputs); // (B, …)
    const x0 = innerX0(ops, target, x, prediction, t);
    const dataVariance = ops.scalar(sigmaData * sigmaData);
    const offset = ops.sub(sigma, ops.mul(ops.scalar(sMin), alpha)); // σ − s_min·α
    const scaledAlpha = ops.mul(dataVariance, alpha); // σ_d²·α
    const denominator = ops.add(ops.square(offset), ops.mul(scaledAlpha, alpha)); // (σ − s_min α)² + σ_d² α²
    const skip = ops.div(ops.mul(scaledAlpha, alpha), denominator); // c_skip
    const onSample = ops.div(scaledAlpha, denominator); // c_skip / α
    return ops.add(ops.mul(onSample, x), ops.mul(ops.sub(ops.scalar(1), skip), x0)); // (B, …)
  };
  return forward;
}

function checkTarget(process: NoiseProcess, target: PredictionTarget): void {
  const supported =
    target === 'x0' ||
    (target === 'velocity' && process.name === 'rf') ||
    (target === 'epsilon' && process.name === 'edm');
  if (!supported) {
    throw new RangeError(
      `consistency function: a '${target}' network on '${process.name}'; expected 'x0', rf with 'velocity' or edm with 'epsilon'`,
    );
  }
}

/** The inner network's x̂₀: itself, x − t·v on rectified flow, or x − σ·ε on edm. */
function innerX0<T>(ops: Ops<T>, target: PredictionTarget, x: T, prediction: T, t: T): T {
  if (target === 'x0') return prediction;
  return ops.sub(x, ops.mul(t, prediction)); // rf: x₀ = x_t − t·v; edm: x₀ = x − σ·ε (σ = t)
}

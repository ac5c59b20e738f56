import type { NoiseLevel } from '@latentlab/schedules';
import { estimate, reportStep, validateOptions } from './evaluate.js';
import type { Sampler } from './types.js';
import { uniPcCoefficients } from './unipc-coefficients.js';

const logSnr = (level: NoiseLevel) => Math.log(level.alpha / level.sigma); // λ; −∞ at α = 0

interface Output {
  lambda: number;
  x0: Float64Array;
}

/**
 * One UniP / UniC update from `from` (state x, newest-first outputs `outputs`, `outputs[0]` at `from`) to
 * `to`: x_to = (σ_to/σ_from)·x − α_to·hφ₁·x̂₀_from − α_to·B·Σ_k ρ_k·D_k, D_k = (x̂₀_{−k} − x̂₀_from)/r_k; the
 * corrector adds ρ_last·(x̂₀_to − x̂₀_from) with the output at `to` (`newest`).
 */
function update(
  kind: 'predictor' | 'corrector',
  x: Float64Array,
  from: NoiseLevel,
  to: NoiseLevel,
  outputs: readonly Output[],
  order: number,
  newest?: Float64Array,
): Float64Array {
  const h = logSnr(to) - logSnr(from);
  const base = outputs[0]!;
  const earlier = outputs.slice(1, order);
  const offsets = earlier.map((output) => (output.lambda - base.lambda) / h);
  const { hPhi1, b, rho } = uniPcCoefficients(kind, h, offsets);
  const keep = to.sigma / from.sigma;
  return x.map((value, k) => {
    let residual = 0;
    earlier.forEach((output, j) => {
      residual += (rho[j]! * (output.x0[k]! - base.x0[k]!)) / offsets[j]!;
    });
    if (kind === 'corrector') residual += rho.at(-1)! * (newest![k]! - base.x0[k]!);
    return keep * value - to.alpha * (hPhi1 * base.x0[k]! + b * residual);
  });
}

/**
 * UniPC (Zhao et al. 2023) with B(h) = e^h − 1 ("bh2") in the data-prediction form, as diffusers'
 * `UniPCMultistepScheduler` (predict_x0, lower_order_final, corrector on every step but the last):
 *   at each level i: x̂₀_i ← model(x_i); if i > 0 the corrector UniC re-takes the last step with x̂₀_i
 *   (x_i is replaced, x̂₀_i is not re-evaluated); then the predictor UniP steps to level i + 1 at order
 *   p_i = min(order, i + 1, N − i), using the outputs of the last p_i levels.
 * `lowerOrderFinal: false` keeps the full order to the end of a path that stops short of the data (the
 * convergence-order measurement; a step to σ = 0 is always order 1, where λ = ∞ leaves no offsets).
 * One model call per step. A level at α = 0 (λ = −∞) gives no usable offsets: steps from it are order 1
 * (the DDIM step) and later steps do not reach back past it.
 */
export function uniPc(order: 2 | 3, { lowerOrderFinal = true }: { lowerOrderFinal?: boolean } = {}): Sampler {
  const name = `uniPc${order}`;
  return async (options) => {
    validateOptions(options, name);
    const { levels } = options;
    const steps = levels.length - 1;
    let x: Float64Array = Float64Array.from(options.x);
    const outputs: Output[] = []; // newest first
    let last: { x: Float64Array; order: number } | undefined;
    for (let i = 0; i < steps; i++) {
      const [current, next] = [levels[i]!, levels[i + 1]!];
      const { x0 } = await estimate(options, x, current);
      if (last) x = update('corrector', last.x, levels[i - 1]!, current, outputs, last.order, x0);
      outputs.unshift({ lambda: logSnr(current), x0 });
      if (outputs.length > order) outputs.pop();
      const reachable = Number.isFinite(outputs[0]!.lambda)
        ? outputs.findIndex((output) => !Number.isFinite(output.lambda))
        : 1;
      const finalOrder = next.sigma === 0 ? 1 : lowerOrderFinal ? steps - i : order;
      const stepOrder = Math.min(order, finalOrder, reachable === -1 ? outputs.length : reachable);
      last = { x, order: stepOrder };
      x = update('predictor', x, current, next, outputs, stepOrder);
      reportStep(options, i + 1, next, x, x0);
    }
    return Float32Array.from(x);
  };
}

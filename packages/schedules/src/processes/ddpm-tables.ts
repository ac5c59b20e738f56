/** Which DDPM β table: linear (Ho et al. 2020) or cosine (Nichol & Dhariwal 2021). */
export type DdpmBetaSchedule = 'linear' | 'cosine';

export interface DdpmTableOptions {
  schedule: DdpmBetaSchedule;
  /** Number of diffusion steps T (table length). */
  steps?: number;
  /** First β of the linear schedule (Ho et al. 2020, §4: 10⁻⁴). */
  betaStart?: number;
  /** Last β of the linear schedule (Ho et al. 2020, §4: 0.02). */
  betaEnd?: number;
  /** Offset s of the cosine schedule (Nichol & Dhariwal 2021, §3.2: 0.008). */
  cosineS?: number;
  /** Upper clip of the cosine betas (Nichol & Dhariwal 2021, §3.2: 0.999). */
  maxBeta?: number;
}

/**
 * The β table of a discrete DDPM, index n = 0 … T−1 (index n is the paper's step n + 1):
 *
 * - 'linear' (Ho, Jain & Abbeel 2020, "Denoising Diffusion Probabilistic Models", §4): β_n evenly spaced
 *   from `betaStart` to `betaEnd` inclusive, β_n = β_start + (β_end − β_start)·n/(T − 1) (numpy's linspace).
 * - 'cosine' (Nichol & Dhariwal 2021, "Improved Denoising Diffusion Probabilistic Models", eq. 17 and the
 *   text after it): β_n = min(1 − ᾱ((n+1)/T)/ᾱ(n/T), 0.999) with ᾱ(t) ∝ cos²(((t + s)/(1 + s))·π/2), as in
 *   the authors' `betas_for_alpha_bar` (openai/improved-diffusion, gaussian_diffusion.py). Written as
 *   1 − cos²a/cos²b = sin(a − b)·sin(a + b)/cos²b so that the small early betas keep full precision.
 */
export function ddpmBetas(options: DdpmTableOptions): Float64Array {
  const {
    schedule,
    steps = 1000,
    betaStart = 1e-4,
    betaEnd = 0.02,
    cosineS = 0.008,
    maxBeta = 0.999,
  } = options;
  if (!Number.isSafeInteger(steps) || steps < 2) {
    throw new RangeError(`ddpm table: steps = ${steps}; expected an integer ≥ 2`);
  }
  const betas = new Float64Array(steps);
  if (schedule === 'linear') {
    if (!(betaStart > 0 && betaEnd >= betaStart && betaEnd < 1)) {
      throw new RangeError(
        `ddpm table: betaStart = ${betaStart}, betaEnd = ${betaEnd}; expected 0 < betaStart ≤ betaEnd < 1`,
      );
    }
    for (let n = 0; n < steps; n++) betas[n] = betaStart + ((betaEnd - betaStart) * n) / (steps - 1);
    return betas;
  }
  if (schedule === 'cosine') {
    if (!(cosineS >= 0 && Number.isFinite(cosineS)) || !(maxBeta > 0 && maxBeta < 1)) {
      throw new RangeError(
        `ddpm table: cosineS = ${cosineS}, maxBeta = ${maxBeta}; expected cosineS ≥ 0 and 0 < maxBeta < 1`,
      );
    }
    // θ(t) = ((t + s)/(1 + s))·π/2; cos θ(t) = sin((1 − t)·π/(2(1 + s))) without cancellation near t = 1.
    const angularRate = Math.PI / (2 * (1 + cosineS));
    const stepAngle = angularRate / steps; // θ((n+1)/T) − θ(n/T)
    for (let n = 0; n < steps; n++) {
      const angleBefore = (n / steps + cosineS) * angularRate;
      const angleAfter = angleBefore + stepAngle;
      const cosBefore = Math.sin((1 - n / steps) * angularRate);
      const beta = (Math.sin(stepAngle) * Math.sin(angleAfter + angleBefore)) / (cosBefore * cosBefore);
      betas[n] = Math.min(beta, maxBeta);
    }
    return betas;
  }
  throw new RangeError(`ddpm table: schedule = '${String(schedule)}'; expected 'linear' or 'cosine'`);
}

/**
 * ᾱ_n = ∏_{i=0..n} (1 − β_i) for the table of `ddpmBetas` (Ho et al. 2020, eq. 4 and the line above it),
 * accumulated in float64. Index n = 0 is one step of noise (ᾱ_0 = 1 − β_0, e.g. 0.9999 for the linear table).
 */
export function ddpmAlphasCumprod(options: DdpmTableOptions): Float64Array {
  const betas = ddpmBetas(options);
  const alphasCumprod = new Float64Array(betas.length);
  let product = 1;
  for (let n = 0; n < betas.length; n++) {
    product *= 1 - betas[n]!;
    alphasCumprod[n] = product;
  }
  return alphasCumprod;
}

import { processByName } from '@latentlab/schedules';
import { createRng } from '@latentlab/tensor';
import { describe, expect, it } from 'vitest';
import { initialNoise, samplingLevels } from './levels.js';
import { SAMPLERS } from './registry.js';
import type { Denoiser } from './types.js';

// Float64 transcriptions of the published algorithms on the VE process x = x₀ + σ·ε, where every sampler is
// written in σ directly (k-diffusion's setting): Karras et al. 2022 Alg. 1 (heun) and the Euler step of its
// eq. 4, k-diffusion's DPM-2 (log-midpoint), LMS (Lagrange basis integrated exactly — here by expanding it
// into monomials, the package uses quadrature), DPM-Solver++(2S)/(2M) (Lu et al. 2022, Alg. 1 and 2),
// DPM-Solver++(2M)/(3M) SDE and UniPC-bh2 (Zhao et al. 2023, with the φ functions from their power series,
// the package uses the recursion). The package runs the same problem through its generic α/σ code.

const MEAN = [0.5, -1];
const VARIANCE = [0.25, 1.44];
const D = MEAN.length;
const BATCH = 16;

/** The exact denoiser of N(MEAN, diag VARIANCE) at noise σ: E[x₀ | x] = μ + v/(v + σ²)·(x − μ). */
const exactX0 = (x: Float32Array, sigma: number): Float32Array =>
  Float32Array.from(x, (value, k) => {
    const [mean, variance] = [MEAN[k % D]!, VARIANCE[k % D]!];
    return mean + (variance / (variance + sigma * sigma)) * (value - mean);
  });

/**
 * Both sides call the same network, which (as an ONNX model) takes and returns float32; only the algorithms
 * around it are compared. (A float64 network would differ by the input's rounding divided by σ in the slope
 * (x − x̂₀)/σ: ~1e-5 at σ_min = 0.002 — a property of float32 models, not of a sampler.)
 */
const denoise = (x: Float64Array, sigma: number): Float64Array =>
  Float64Array.from(exactX0(Float32Array.from(x), sigma));

const packageModel: Denoiser<null> = async ({ x, t }) => exactX0(x, t);

type Noise = (n: number) => Float64Array;
type Reference = (x: Float64Array, sigmas: number[], noise: Noise) => Float64Array;

const slope = (x: Float64Array, sigma: number) => {
  const x0 = denoise(x, sigma);
  return x.map((value, k) => (value - x0[k]!) / sigma);
};
const axpy = (x: Float64Array, a: number, d: Float64Array) => x.map((value, k) => value + a * d[k]!);

const eulerReference: Reference = (start, sigmas) => {
  let x = start;
  for (let i = 0; i < sigmas.length - 1; i++) x = axpy(x, sigmas[i + 1]! - sigmas[i]!, slope(x, sigmas[i]!));
  return x;
};

/** Karras et al. 2022, Algorithm 1 (deterministic sampling with Heun's 2nd-order method). */
const heunReference: Reference = (start, sigmas) => {
  let x = start;
  for (let i = 0; i < sigmas.length - 1; i++) {
    const [sigma, next] = [sigmas[i]!, sigmas[i + 1]!];
    const d = slope(x, sigma);
    const predicted = axpy(x, next - sigma, d); // line 5
    if (next === 0) {
      x = predicted;
      continue;
    }
    const dPrime = slope(predicted, next); // line 7
    x = x.map((value, k) => value + (next - sigma) * 0.5 * (d[k]! + dPrime[k]!)); // line 8
  }
  return x;
};

const dpm2Reference: Reference = (start, sigmas) => {
  let x = start;
  for (let i = 0; i < sigmas.length - 1; i++) {
    const [sigma, next] = [sigmas[i]!, sigmas[i + 1]!];
    const d = slope(x, sigma);
    if (next === 0) {
      x = axpy(x, -sigma, d);
      continue;
    }
    const middle = Math.exp((Math.log(sigma) + Math.log(next)) / 2);
    const atMiddle = axpy(x, middle - sigma, d);
    x = axpy(x, next - sigma, slope(atMiddle, middle));
  }
  return x;
};

/** ∫_a^b ∏_{k≠j}(τ − t_k)/(t_j − t_k) dτ by expanding the product into monomial coefficients. */
function lagrangeIntegral(nodes: number[], j: number, a: number, b: number): number {
  let polynomial = [1]; // coefficients of τ⁰, τ¹, …
  nodes.forEach((node, k) => {
    if (k === j) return;
    const scale = 1 / (nodes[j]! - node);
    const next = new Array<number>(polynomial.length + 1).fill(0);
    polynomial.forEach((c, power) => {
      next[power + 1]! += c * scale;
      next[power]! -= c * node * scale;
    });
    polynomial = next;
  });
  return polynomial.reduce(
    (sum, c, power) => sum + (c * (b ** (power + 1) - a ** (power + 1))) / (power + 1),
    0,
  );
}

const lmsReference: Reference = (start, sigmas) => {
  let x = start;
  const slopes: Float64Array[] = [];
  for (let i = 0; i < sigmas.length - 1; i++) {
    slopes.push(slope(x, sigmas[i]!));
    if (slopes.length > 4) slopes.shift();
    const order = slopes.length;
    const nodes = Array.from({ length: order }, (_, k) => sigmas[i - k]!);
    let next = x;
    for (let j = 0; j < order; j++)
      next = axpy(next, lagrangeIntegral(nodes, j, sigmas[i]!, sigmas[i + 1]!), slopes[order - 1 - j]!);
    x = next;
  }
  return x;
};

const ancestral = (sigma: number, next: number, eta: number) => {
  const up =
    eta === 0 ? 0 : Math.min(next, eta * Math.sqrt((next ** 2 * (sigma ** 2 - next ** 2)) / sigma ** 2));
  return { down: Math.sqrt(next ** 2 - up ** 2), up };
};

const addNoise = (x: Float64Array, scale: number, noise: Noise) => {
  const z = noise(x.length);
  return x.map((value, k) => value + scale * z[k]!);
};

const eulerAncestralReference =
  (eta: number): Reference =>
  (start, sigmas, noise) => {
    let x = start;
    for (let i = 0; i < sigmas.length - 1; i++) {
      const { down, up } = ancestral(sigmas[i]!, sigmas[i + 1]!, eta);
      x = axpy(x, down - sigmas[i]!, slope(x, sigmas[i]!));
      if (up > 0) x = addNoise(x, up, noise);
    }
    return x;
  };

/** DPM-Solver++(2S) (Lu et al. 2022, Alg. 1, r = 1/2) with the ancestral split of k-diffusion. */
const dpmpp2sReference =
  (eta: number): Reference =>
  (start, sigmas, noise) => {
    let x = start;
    for (let i = 0; i < sigmas.length - 1; i++) {
      const sigma = sigmas[i]!;
      const x0 = denoise(x, sigma);
      const { down, up } = ancestral(sigma, sigmas[i + 1]!, eta);
      if (down === 0) x = x0;
      else {
        const [lambda, lambdaNext] = [-Math.log(sigma), -Math.log(down)];
        const h = lambdaNext - lambda;
        const middle = Math.exp(-(lambda + h / 2));
        const u = x.map((value, k) => (middle / sigma) * value - Math.expm1(-h / 2) * x0[k]!);
        const x0Middle = denoise(u, middle);
        x = x.map((value, k) => (down / sigma) * value - Math.expm1(-h) * x0Middle[k]!);
      }
      if (sigmas[i + 1]! > 0 && up > 0) x = addNoise(x, up, noise);
    }
    return x;
  };

/** DPM-Solver++(2M) (Lu et al. 2022, Alg. 2). */
const dpmpp2mReference: Reference = (start, sigmas) => {
  let x = start;
  let older: Float64Array | undefined;
  for (let i = 0; i < sigmas.length - 1; i++) {
    const [sigma, next] = [sigmas[i]!, sigmas[i + 1]!];
    const x0 = denoise(x, sigma);
    if (next === 0) x = x0;
    else {
      const h = Math.log(sigma / next);
      let data = x0;
      if (older) {
        const r = Math.log(sigmas[i - 1]! / sigma) / h;
        const previous = older;
        data = x0.map((value, k) => (1 + 1 / (2 * r)) * value - (1 / (2 * r)) * previous[k]!);
      }
      x = x.map((value, k) => (next / sigma) * value - Math.expm1(-h) * data[k]!);
    }
    older = x0;
  }
  return x;
};

const dpmpp2mSdeReference =
  (eta: number, solver: 'midpoint' | 'heun'): Reference =>
  (start, sigmas, noise) => {
    let x = start;
    let older: Float64Array | undefined;
    let hLast = 0;
    for (let i = 0; i < sigmas.length - 1; i++) {
      const [sigma, next] = [sigmas[i]!, sigmas[i + 1]!];
      const x0 = denoise(x, sigma);
      if (next === 0) x = x0;
      else {
        const h = Math.log(sigma / next);
        const etaH = eta * h;
        const gain = -Math.expm1(-h - etaH);
        x = x.map((value, k) => (next / sigma) * Math.exp(-etaH) * value + gain * x0[k]!);
        if (older) {
          const r = hLast / h;
          const factor = solver === 'heun' ? gain / (-h - etaH) + 1 : 0.5 * gain;
          const previous = older;
          x = x.map((value, k) => value + factor * (1 / r) * (x0[k]! - previous[k]!));
        }
        if (eta > 0) x = addNoise(x, next * Math.sqrt(-Math.expm1(-2 * etaH)), noise);
        hLast = h;
      }
      older = x0;
    }
    return x;
  };

const dpmpp3mSdeReference =
  (eta: number): Reference =>
  (start, sigmas, noise) => {
    let x = start;
    let [x0One, x0Two]: (Float64Array | undefined)[] = [undefined, undefined];
    let [hOne, hTwo]: (number | undefined)[] = [undefined, undefined];
    for (let i = 0; i < sigmas.length - 1; i++) {
      const [sigma, next] = [sigmas[i]!, sigmas[i + 1]!];
      const x0 = denoise(x, sigma);
      let h: number | undefined = hOne;
      if (next === 0) x = x0;
      else {
        h = Math.log(sigma / next);
        const hEta = h * (eta + 1);
        x = x.map((value, k) => Math.exp(-hEta) * value - Math.expm1(-hEta) * x0[k]!);
        const phi2 = Math.expm1(-hEta) / hEta + 1;
        const phi3 = phi2 / hEta - 0.5;
        if (hTwo !== undefined) {
          const [r0, r1] = [hOne! / h, hTwo / h];
          const [one, two] = [x0One!, x0Two!];
          x = x.map((value, k) => {
            const d10 = (x0[k]! - one[k]!) / r0;
            const d11 = (one[k]! - two[k]!) / r1;
            return value + phi2 * (d10 + ((d10 - d11) * r0) / (r0 + r1)) - phi3 * ((d10 - d11) / (r0 + r1));
          });
        } else if (hOne !== undefined) {
          const one = x0One!;
          const r = hOne / h;
          x = x.map((value, k) => value + phi2 * ((x0[k]! - one[k]!) / r));
        }
        if (eta > 0) x = addNoise(x, next * Math.sqrt(-Math.expm1(-2 * h * eta)), noise);
      }
      [x0One, x0Two] = [x0, x0One];
      [hOne, hTwo] = [h, hOne];
    }
    return x;
  };

/** φ_j(z) = Σ_{n ≥ 0} zⁿ/(n + j)! (the exponential integrator's φ functions). */
function phi(j: number, z: number): number {
  let [term, sum] = [1, 0];
  for (let n = 1; n <= j; n++) term /= n; // 1/j!
  for (let n = 0; n < 200; n++) {
    sum += term;
    term *= z / (n + j + 1);
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return sum;
}

/** Cramer's rule for 1×1 … 3×3. */
function cramer(m: number[][], b: number[]): number[] {
  const det = (a: number[][]): number =>
    a.length === 1
      ? a[0]![0]!
      : a[0]!.reduce(
          (sum, value, c) =>
            sum + (-1) ** c * value * det(a.slice(1).map((row) => row.filter((_, k) => k !== c))),
          0,
        );
  const whole = det(m);
  return b.map((_, c) => det(m.map((row, r) => row.map((value, k) => (k === c ? b[r]! : value)))) / whole);
}

/**
 * UniPC-bh2 (Zhao et al. 2023, eqs. for UniP-p and UniC-p with B(h) = e^{h} − 1, data prediction), with
 * diffusers' schedule of orders (warm-up, lower order at the end, no corrector after the last step).
 * On VE: x_t = (σ_t/σ_s)·x_s + (1 − e^{−h})·m_s + B·Σ a_k·D_k with B = 1 − e^{−h} in the −h convention;
 * the system R·a = g/B, g_k = k!·φ_{k+1}(−h)·(−h), R_{kj} = r_j^{k−1}.
 */
const uniPcReference =
  (order: number): Reference =>
  (start, sigmas) => {
    const steps = sigmas.length - 1;
    const lambda = sigmas.map((sigma) => -Math.log(sigma));
    const outputs: Float64Array[] = [];
    let x = start;
    let last: { x: Float64Array; order: number } | undefined;
    const step = (
      from: number,
      to: number,
      p: number,
      base: Float64Array,
      xs: Float64Array,
      corrector?: Float64Array,
    ) => {
      const h = lambda[to]! - lambda[from]!;
      const minusH = -h;
      const bh = Math.expm1(minusH);
      const offsets = Array.from({ length: p - 1 }, (_, k) => (lambda[from - 1 - k]! - lambda[from]!) / h);
      const differences = offsets.map((r, k) =>
        outputs[from - 1 - k]!.map((value, c) => (value - base[c]!) / r),
      );
      const g = Array.from({ length: p }, (_, k) => {
        let factorial = 1;
        for (let n = 2; n <= k + 1; n++) factorial *= n;
        return (factorial * minusH * phi(k + 2, minusH)) / bh;
      });
      const all = [...offsets, 1];
      const system = (size: number) =>
        Array.from({ length: size }, (_, k) => all.slice(0, size).map((r) => r ** k));
      const a = corrector
        ? p === 1
          ? [0.5]
          : cramer(system(p), g)
        : p === 1
          ? []
          : p === 2
            ? [0.5]
            : cramer(system(p - 1), g.slice(0, p - 1));
      const sigmaRatio = Number.isFinite(h) ? Math.exp(-h) : 0;
      return xs.map((value, c) => {
        let residual = 0;
        differences.forEach((difference, k) => {
          residual += a[k]! * difference[c]!;
        });
        if (corrector) residual += a.at(-1)! * (corrector[c]! - base[c]!);
        return sigmaRatio * value - bh * base[c]! - bh * residual;
      });
    };
    for (let i = 0; i < steps; i++) {
      const output = denoise(x, sigmas[i]!);
      if (last) x = step(i - 1, i, last.order, outputs[i - 1]!, last.x, output);
      outputs[i] = output;
      const p = Math.min(order, i + 1, steps - i);
      last = { x, order: p };
      x = step(i, i + 1, p, output, x);
    }
    return x;
  };

const REFERENCES: [keyof typeof SAMPLERS, Reference][] = [
  ['euler', eulerReference],
  ['heun', heunReference],
  ['dpm_2', dpm2Reference],
  ['lms', lmsReference],
  ['dpmpp_2m', dpmpp2mReference],
  ['unipc', uniPcReference(2)],
  ['unipc_3', uniPcReference(3)],
];
const WITH_ETA: [keyof typeof SAMPLERS, (eta: number) => Reference][] = [
  ['euler_ancestral', eulerAncestralReference],
  ['dpmpp_2s_ancestral', dpmpp2sReference],
  ['dpmpp_2m_sde', (eta) => dpmpp2mSdeReference(eta, 'midpoint')],
  ['dpmpp_2m_sde_heun', (eta) => dpmpp2mSdeReference(eta, 'heun')],
  ['dpmpp_3m_sde', dpmpp3mSdeReference],
];

async function compare(
  name: keyof typeof SAMPLERS,
  reference: Reference,
  steps: number,
  eta?: number,
): Promise<number> {
  const process = processByName('edm');
  const levels = samplingLevels(process, { steps, spacing: 'karras' });
  const sigmas = levels.map((level) => level.sigma);
  const seedRng = createRng(steps);
  const start = initialNoise(levels[0]!, BATCH * D, (n) => seedRng.normal(n));
  const output = await SAMPLERS[name]({
    process,
    model: packageModel,
    target: 'x0',
    condition: null,
    shape: [BATCH, D],
    levels,
    x: start,
    rng: createRng(7),
    ...(eta === undefined ? {} : { eta }),
  });
  const noiseRng = createRng(7);
  const expected = reference(Float64Array.from(start), sigmas, (n) => Float64Array.from(noiseRng.normal(n)));
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(output[k]! - expected[k]!));
  return worst;
}

describe('samplers against float64 transcriptions of the published algorithms (EDM, Karras σ 0.002–80, ρ 7)', () => {
  it('Karras σ levels are k-diffusion get_sigmas_karras(n, 0.002, 80, 7) with σ_N = 0 appended', () => {
    const levels = samplingLevels(processByName('edm'), { steps: 5, spacing: 'karras' });
    const ramp = [0, 0.25, 0.5, 0.75, 1];
    const expected = ramp.map((r) => (80 ** (1 / 7) + r * (0.002 ** (1 / 7) - 80 ** (1 / 7))) ** 7);
    expect(levels.map((level) => level.sigma)).toHaveLength(6);
    for (const [i, level] of levels.slice(0, 5).entries()) expect(level.sigma).toBeCloseTo(expected[i]!, 12);
    expect(levels[5]!.sigma).toBe(0);
  });

  it.each(
    REFERENCES.flatMap(([name, reference]) => [5, 10, 25].map((steps) => [name, steps, reference] as const)),
  )('%s at %i steps: max abs difference ≤ 1e-5', async (name, steps, reference) => {
    expect(await compare(name, reference, steps)).toBeLessThanOrEqual(1e-5);
  });

  it.each(
    WITH_ETA.flatMap(([name, reference]) =>
      [0, 1].flatMap((eta) => [5, 10, 25].map((steps) => [name, eta, steps, reference] as const)),
    ),
  )(
    '%s with η = %d at %i steps (same noise draws): max abs difference ≤ 1e-5',
    async (name, eta, steps, reference) => {
      expect(await compare(name, reference(eta), steps, eta)).toBeLessThanOrEqual(1e-5);
    },
  );

  it('a broken formula is caught: the angle-integrated Heun is not Alg. 1 (differs by far more than 1e-5)', async () => {
    expect(await compare('heun_angle', heunReference, 5)).toBeGreaterThan(1e-2);
  });
});

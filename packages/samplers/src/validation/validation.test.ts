import { beforeAll, describe, expect, it } from 'vitest';
import { QUICK_SIZES } from './quick-sizes.js';
import { validateSamplers } from './validate.js';

let report: Awaited<ReturnType<typeof validateSamplers>>;

beforeAll(async () => {
  report = await validateSamplers(QUICK_SIZES);
}, 240_000);

describe('validate:samplers at test sizes (4,000 samples, 50 steps; the full run uses 50,000 and 100)', () => {
  // At 50 steps first-order samplers carry an O(1/N) bias (measured: Euler/DDIM ≈ 0.03–0.13, ancestral up to
  // ≈ 0.17); second-order ones are at the sampling noise of 4,000 points. A broken formula is off by O(1).
  const bound: Record<string, number> = {
    heun: 0.05,
    dpmpp_2m: 0.05,
    euler: 0.16,
    ddim: 0.16,
    euler_ancestral: 0.25,
  };

  it('every sampler × process × target reproduces the mean and covariance of Gaussian and mixture data', () => {
    for (const results of [report.moments, report.moments_mixture]) {
      expect(Object.keys(results)).toHaveLength(6 * 4 * 5);
      for (const [key, value] of Object.entries(results)) {
        const sampler = key.split('.').at(-1) as string;
        expect(value.mean_err, key).toBeLessThan(0.05);
        expect(value.cov_err, key).toBeLessThan(bound[sampler] as number);
      }
    }
  });

  it('observed orders: Euler ≈ 1, Heun and DPM-Solver++(2M) ≈ 2, on every smooth process', () => {
    expect(Object.keys(report.order_by_process)).toHaveLength(4 * 3);
    for (const [key, order] of Object.entries(report.order_by_process)) {
      if (key.endsWith('.euler')) {
        expect(order, key).toBeGreaterThan(0.85);
        expect(order, key).toBeLessThan(1.2);
      } else {
        expect(order, key).toBeGreaterThan(1.8);
        expect(order, key).toBeLessThan(2.4);
      }
    }
  });

  it('guided samples match the closed-form guided mean, for both conventions and with an interval', () => {
    expect(Object.keys(report.cfg).length).toBeGreaterThanOrEqual(7);
    for (const [key, value] of Object.entries(report.cfg)) expect(value.mean_err, key).toBeLessThan(0.05);
  });

  it('guidance rescale follows its formula and conversions round-trip to 1e-6', () => {
    expect(report.rescale_std_rel_err).toBeLessThan(1e-4);
    for (const [name, error] of Object.entries(report.conversions_max_abs_err))
      expect(error, name).toBeLessThan(1e-6);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { QUICK_SIZES } from './quick-sizes.js';
import { validateSamplers } from './validate.js';

let report: Awaited<ReturnType<typeof validateSamplers>>;

beforeAll(async () => {
  report = await validateSamplers(QUICK_SIZES);
}, 240_000);

describe('validate:samplers at test sizes (4,000 samples, 50 steps; the full run uses 50,000 and 100)', () => {
  it('every sampler × process × target reproduces the mean and covariance of Gaussian and mixture data', () => {
    for (const results of [report.moments, report.moments_mixture]) {
      expect(Object.keys(results)).toHaveLength(6 * 4 * 5);
      for (const [key, value] of Object.entries(results)) {
        expect(value.mean_err, key).toBeLessThan(0.05);
        expect(value.cov_err, key).toBeLessThan(0.05);
      }
    }
  });

  it('observed orders: Euler ≈ 1, Heun and DPM-Solver++(2M) ≈ 2, on every smooth process', () => {
    for (const [key, order] of Object.entries(report.order_by_process)) {
      if (key.endsWith('.euler')) expect(order, key).toBeGreaterThan(0.8);
      if (key.endsWith('.euler')) expect(order, key).toBeLessThan(1.3);
      if (!key.endsWith('.euler')) expect(order, key).toBeGreaterThan(1.7);
    }
  });

  it('guided samples match the closed-form guided mean, for both conventions and with an interval', () => {
    expect(Object.keys(report.cfg).length).toBeGreaterThanOrEqual(7);
    for (const [key, value] of Object.entries(report.cfg)) expect(value.mean_err, key).toBeLessThan(0.05);
  });

  it('guidance rescale follows its formula and conversions round-trip to 1e-6', () => {
    expect(report.rescale_std_rel_err).toBeLessThan(1e-4);
    for (const [name, error] of Object.entries(report.conversions_max_abs_err)) expect(error, name).toBeLessThan(1e-6);
  });
});

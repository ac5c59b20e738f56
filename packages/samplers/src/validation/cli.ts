// `pnpm validate:samplers`: prints the measurements of every sampler on problems with exact answers; the
// last line is one JSON object. `--quick` uses the test suite's smaller sizes.

import { QUICK_SIZES } from './quick-sizes.js';
import { FULL_SIZES, validateSamplers } from './validate.js';

const quick = process.argv.includes('--quick');
const report = await validateSamplers(quick ? QUICK_SIZES : FULL_SIZES);
const line = (label: string, value: unknown) => console.log(`${label.padEnd(34)} ${JSON.stringify(value)}`);
line('worst moments (Gaussian)', report.moments_worst.gaussian);
line('worst moments (2-class mixture)', report.moments_worst.mixture);
line('order (rectified flow)', report.order);
line('order by process', report.order_by_process);
for (const [key, value] of Object.entries(report.cfg))
  line(`cfg ${key}`, { mean_err: value.mean_err, cov_err: value.cov_err });
line('rescale std relative error', report.rescale_std_rel_err);
line('conversion round trips, max error', report.conversions_max_abs_err);
console.log(JSON.stringify(report));

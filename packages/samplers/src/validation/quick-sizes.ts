import type { ValidationSizes } from './validate.js';

/** The sizes the test suite runs `validateSamplers` with (a few seconds on 2 cores). */
export const QUICK_SIZES: ValidationSizes = {
  samples: 4_000,
  steps: 50,
  orderSamples: 200,
  orderSteps: [16, 32, 64, 128],
  guidanceSamples: 4_000,
  guidanceSteps: 50,
  seed: 0,
};

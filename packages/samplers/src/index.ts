export { consistency } from './consistency.js';
export { ddim } from './ddim.js';
export { dpmSolver2 } from './dpm-2.js';
export { dpmSolverPlusPlus2M } from './dpmpp-2m.js';
export { dpmSolverPlusPlus2MSde, type SdeSolverType } from './dpmpp-2m-sde.js';
export { dpmSolverPlusPlus2SAncestral } from './dpmpp-2s-ancestral.js';
export { dpmSolverPlusPlus3MSde } from './dpmpp-3m-sde.js';
export { euler } from './euler.js';
export { eulerAncestral } from './euler-ancestral.js';
export { type GenerateOptions, generate } from './generate.js';
export {
  combineGuided,
  type GuidanceConvention,
  type GuidanceOptions,
  guidanceWeight,
  stackLabels,
  withGuidance,
} from './guidance.js';
export { heun } from './heun.js';
export { heunAngle } from './heun-angle.js';
export { initialNoise, karrasSigmas, type LevelOptions, type Spacing, samplingLevels } from './levels.js';
export { LMS_ORDER, lms } from './lms.js';
export { multistepCoefficients } from './lms-coefficients.js';
export {
  MODEL_SAMPLERS,
  SAMPLER_NAMES,
  SAMPLERS,
  type SamplerName,
  STOCHASTIC_SAMPLERS,
  samplerByName,
} from './registry.js';
export {
  type DenoiserScalars,
  type ScalarFeedOptions,
  type ScalarInputs,
  scalarFeeds,
} from './scalar-inputs.js';
export type { Denoiser, DenoiserInput, Sampler, SamplerOptions, SamplerProgress } from './types.js';
export { uniPc } from './unipc.js';

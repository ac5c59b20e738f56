export type { Denoiser, DenoiserInput, Sampler, SamplerOptions, SamplerProgress } from './types.js';
export { euler } from './euler.js';
export { heun } from './heun.js';
export { ddim } from './ddim.js';
export { eulerAncestral } from './euler-ancestral.js';
export { dpmSolverPlusPlus2M } from './dpmpp-2m.js';
export { SAMPLERS, type SamplerName, samplerByName } from './registry.js';
export { samplingLevels, karrasSigmas, initialNoise, type LevelOptions, type Spacing } from './levels.js';
export {
  withGuidance,
  combineGuided,
  guidanceWeight,
  stackLabels,
  type GuidanceOptions,
  type GuidanceConvention,
} from './guidance.js';
export { generate, type GenerateOptions } from './generate.js';

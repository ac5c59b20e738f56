export { ddim } from './ddim.js';
export { dpmSolverPlusPlus2M } from './dpmpp-2m.js';
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
export { initialNoise, karrasSigmas, type LevelOptions, type Spacing, samplingLevels } from './levels.js';
export { SAMPLERS, type SamplerName, samplerByName } from './registry.js';
export type { Denoiser, DenoiserInput, Sampler, SamplerOptions, SamplerProgress } from './types.js';

// The framework-free generation engine the page's worker runs, for Node (benchmarks) as well.
export { type DiffusionModel, type DiffusionRequest, generateDiffusion } from './diffusion-generation.js';
export { GenerationStopped } from './stopped.js';
export { generateTokenImages, type TokenModel, type TokenRequest } from './token-generation.js';

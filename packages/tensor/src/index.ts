export * from './init.js';
export * from './layers/index.js';
export * from './ops.js';
export * from './params.js';
export * from './rng.js';
export * from './safetensors.js';
export * from './tensor.js';

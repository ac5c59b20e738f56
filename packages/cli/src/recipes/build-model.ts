import { DIT_PAPER_INITIALIZATION, type DitInitialization, ditModel, initDit } from '@latentlab/dit';
import type { ModelFunction, ParamStore, Rng } from '@latentlab/tensor';
import { initMlpVelocity, mlpVelocityModel } from './mlp-velocity.js';
import type { ModelConfig } from './model-config.js';

/** The model function of a config (DiT or MLP). */
export function buildModel(config: ModelConfig): ModelFunction {
  if (config.kind === 'mlp') return mlpVelocityModel(config);
  const { kind: _kind, ...dit } = config;
  return ditModel(dit);
}

/** Fresh parameters for a config. */
export function initialParams(
  config: ModelConfig,
  rng: Rng,
  initialization: Partial<DitInitialization> = {},
): ParamStore {
  if (config.kind === 'mlp') return initMlpVelocity(config, rng);
  const { kind: _kind, ...dit } = config;
  return initDit(dit, rng, { ...DIT_PAPER_INITIALIZATION, ...initialization });
}

import { DIT_PAPER_INITIALIZATION, type DitInitialization, ditModel, initDit } from '@latentlab/dit';
import type { ModelFunction, ParamStore, Rng } from '@latentlab/tensor';
import { edmPreconditioning } from '@latentlab/train';
import { initMlpVelocity, mlpVelocityModel } from './mlp-velocity.js';
import type { ModelConfig } from './model-config.js';

/** The model function of a config (DiT or MLP), wrapped in its preconditioning if it has one. */
export function buildModel(config: ModelConfig): ModelFunction {
  const { preconditioning, ...network } = config;
  const raw = networkModel(network as ModelConfig);
  return preconditioning ? edmPreconditioning(raw, { sigmaData: preconditioning.sigmaData }) : raw;
}

function networkModel(config: ModelConfig): ModelFunction {
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
  const { preconditioning: _preconditioning, ...network } = config;
  if (network.kind === 'mlp') return initMlpVelocity(network, rng);
  const { kind: _kind, ...dit } = network;
  return initDit(dit, rng, { ...DIT_PAPER_INITIALIZATION, ...initialization });
}

import { consistencyFunction } from '@latentlab/distill';
import { DEFAULT_DIT_INITIALIZATION, type DitInitialization, ditInputSpecs, ditModel } from '@latentlab/dit';
import { processByName } from '@latentlab/schedules';
import {
  declareParams,
  type InputSpec,
  type ModelFunction,
  type ParamStore,
  type Rng,
} from '@latentlab/tensor';
import { edmPreconditioning } from '@latentlab/train';
import { mlpVelocityInputs, mlpVelocityModel } from './mlp-velocity.js';
import type { ModelConfig } from './model-config.js';

/**
 * The model function of a config (DiT or MLP), wrapped in its preconditioning and its consistency-model
 * boundary condition if it has them. The
 * initialisation choices only matter to `initialParams` (a model reads stored parameters otherwise).
 */
export function buildModel(
  config: ModelConfig,
  initialization: Partial<DitInitialization> = {},
): ModelFunction {
  const { preconditioning, consistency, ...network } = config;
  const raw = networkModel(network as ModelConfig, initialization);
  const model = preconditioning ? edmPreconditioning(raw, { sigmaData: preconditioning.sigmaData }) : raw;
  return consistency
    ? consistencyFunction(model, {
        process: processByName(consistency.process),
        target: consistency.target,
        sigmaData: consistency.sigmaData,
      })
    : model;
}

function networkModel(config: ModelConfig, initialization: Partial<DitInitialization>): ModelFunction {
  if (config.kind === 'mlp') return mlpVelocityModel(config);
  const { kind: _kind, preconditioning: _preconditioning, consistency: _consistency, ...dit } = config;
  return ditModel(dit, { ...DEFAULT_DIT_INITIALIZATION, ...initialization });
}

/** The model's inputs with a dynamic batch: x (batch, …), t (batch), y (batch) int32. */
export function modelInputs(config: ModelConfig): Record<string, InputSpec> {
  if (config.kind === 'mlp') return mlpVelocityInputs(config);
  const { kind: _kind, preconditioning: _preconditioning, consistency: _consistency, ...dit } = config;
  return ditInputSpecs(dit);
}

/** Fresh parameters for a config, from the model's own declarations (`declareParams`). */
export function initialParams(
  config: ModelConfig,
  rng: Rng,
  initialization: Partial<DitInitialization> = {},
): ParamStore {
  return declareParams(buildModel(config, initialization), modelInputs(config), rng);
}

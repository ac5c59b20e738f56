import { type DitConfig, ditConfig } from '@latentlab/dit';
import type { ModelOverrides } from '../training/settings.js';
import type { MlpVelocityConfig } from './mlp-velocity.js';

/** A wrapper around the network that is part of the model (and of its export). */
export interface Preconditioning {
  /** EDM's c_skip/c_out/c_in/c_noise (Karras et al. 2022, Table 1). */
  kind: 'edm';
  sigmaData: number;
}

/**
 * A consistency model's boundary-condition wrapper around the network (Song et al. 2023, §3): the model's
 * output is f(x, t) = c_skip·x + c_out·x̂₀ of the network's `target` on `process`, an x₀ prediction.
 */
export interface ConsistencyWrapper {
  process: string;
  /** The inner network's prediction target (its teacher's). */
  target: 'x0' | 'velocity' | 'epsilon';
  sigmaData: number;
}

/** What a checkpoint says its network is: enough to rebuild it for sampling and export. */
export type ModelConfig = (({ kind: 'dit' } & DitConfig) | MlpVelocityConfig) & {
  preconditioning?: Preconditioning;
  consistency?: ConsistencyWrapper;
};

/** The shape of one training example: (C, H, W) for images, (2) for 2D points. */
export function sampleShape(config: ModelConfig): number[] {
  return config.kind === 'dit' ? [config.channels, config.imageSize, config.imageSize] : [config.dimensions];
}

export function classCount(config: ModelConfig): number {
  return config.classes;
}

const defined = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

/** A recipe's model with the size flags (`--hidden`, `--depth`, `--heads`, `--patch`, …) applied. */
export function withModelOverrides(model: ModelConfig, overrides: ModelOverrides): ModelConfig {
  if (model.kind === 'mlp') {
    return {
      ...model,
      ...defined({ hiddenSize: overrides.hidden, depth: overrides.depth }),
    };
  }
  const { kind: _kind, preconditioning, consistency: _consistency, ...dit } = model;
  const resized = ditConfig({
    ...dit,
    ...defined({
      hiddenSize: overrides.hidden,
      depth: overrides.depth,
      heads: overrides.heads,
      patchSize: overrides.patch,
      positionEmbedding: overrides.positionEmbedding,
    }),
  });
  return { kind: 'dit', ...resized, ...(preconditioning ? { preconditioning } : {}) };
}

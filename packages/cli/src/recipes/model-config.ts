import type { DitConfig } from '@latentlab/dit';
import type { MlpVelocityConfig } from './mlp-velocity.js';

/** What a checkpoint says its network is: enough to rebuild it for sampling and export. */
export type ModelConfig = ({ kind: 'dit' } & DitConfig) | MlpVelocityConfig;

/** The shape of one training example: (C, H, W) for images, (2) for 2D points. */
export function sampleShape(config: ModelConfig): number[] {
  return config.kind === 'dit' ? [config.channels, config.imageSize, config.imageSize] : [config.dimensions];
}

export function classCount(config: ModelConfig): number {
  return config.classes;
}

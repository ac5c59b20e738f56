import { ddim } from './ddim.js';
import { dpmSolverPlusPlus2M } from './dpmpp-2m.js';
import { euler } from './euler.js';
import { eulerAncestral } from './euler-ancestral.js';
import { heun } from './heun.js';
import type { Sampler } from './types.js';

/** Every sampler by the name the CLI and the app use. */
export const SAMPLERS = {
  euler,
  heun,
  ddim,
  dpmpp_2m: dpmSolverPlusPlus2M,
  euler_ancestral: eulerAncestral,
} as const satisfies Record<string, Sampler>;

export type SamplerName = keyof typeof SAMPLERS;

export function samplerByName(name: string): Sampler {
  const sampler = (SAMPLERS as Record<string, Sampler>)[name];
  if (!sampler)
    throw new RangeError(`unknown sampler '${name}'; expected one of ${Object.keys(SAMPLERS).join(', ')}`);
  return sampler;
}

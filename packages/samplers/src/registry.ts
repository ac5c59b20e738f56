import { consistency } from './consistency.js';
import { ddim } from './ddim.js';
import { dpmSolver2 } from './dpm-2.js';
import { dpmSolverPlusPlus2M } from './dpmpp-2m.js';
import { dpmSolverPlusPlus2MSde } from './dpmpp-2m-sde.js';
import { dpmSolverPlusPlus2SAncestral } from './dpmpp-2s-ancestral.js';
import { dpmSolverPlusPlus3MSde } from './dpmpp-3m-sde.js';
import { euler } from './euler.js';
import { eulerAncestral } from './euler-ancestral.js';
import { heun } from './heun.js';
import { heunAngle } from './heun-angle.js';
import { lms } from './lms.js';
import type { Sampler } from './types.js';
import { uniPc } from './unipc.js';

/** Every sampler by the name the CLI and the app use (k-diffusion's names where it has the method). */
export const SAMPLERS = {
  euler,
  heun,
  heun_angle: heunAngle,
  dpm_2: dpmSolver2,
  lms,
  ddim,
  dpmpp_2m: dpmSolverPlusPlus2M,
  unipc: uniPc(2),
  unipc_3: uniPc(3),
  euler_ancestral: eulerAncestral,
  dpmpp_2s_ancestral: dpmSolverPlusPlus2SAncestral,
  dpmpp_2m_sde: dpmSolverPlusPlus2MSde('midpoint'),
  dpmpp_2m_sde_heun: dpmSolverPlusPlus2MSde('heun'),
  dpmpp_3m_sde: dpmSolverPlusPlus3MSde,
} as const satisfies Record<string, Sampler>;

/**
 * Samplers of one kind of model, not integrators of any denoiser's ODE or SDE, so kept out of `SAMPLERS`
 * (which the generic sampler tests and the app's sampler list run through): `consistency` for a
 * consistency model (multistep, Song et al. 2023 Algorithm 1; it collapses an ordinary denoiser's samples).
 */
export const MODEL_SAMPLERS = { consistency } as const satisfies Record<string, Sampler>;

export type SamplerName = keyof typeof SAMPLERS | keyof typeof MODEL_SAMPLERS;

/** Every sampler name `generate` takes: the general ones, then the model-specific ones. */
export const SAMPLER_NAMES: readonly SamplerName[] = [
  ...(Object.keys(SAMPLERS) as SamplerName[]),
  ...(Object.keys(MODEL_SAMPLERS) as SamplerName[]),
];

/** The samplers that draw fresh noise at every step (η > 0 by default; `rng` required). */
export const STOCHASTIC_SAMPLERS: readonly SamplerName[] = [
  'euler_ancestral',
  'dpmpp_2s_ancestral',
  'dpmpp_2m_sde',
  'dpmpp_2m_sde_heun',
  'dpmpp_3m_sde',
  'consistency',
];

export function samplerByName(name: string): Sampler {
  const sampler = ({ ...SAMPLERS, ...MODEL_SAMPLERS } as Record<string, Sampler>)[name];
  if (!sampler)
    throw new RangeError(`unknown sampler '${name}'; expected one of ${SAMPLER_NAMES.join(', ')}`);
  return sampler;
}

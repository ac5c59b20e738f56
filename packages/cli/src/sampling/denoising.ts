import type { Spacing } from '@latentlab/samplers';
import { type NoiseProcess, type PredictionTarget, processByName } from '@latentlab/schedules';
import type { DenoiserSpec } from '@latentlab/tensor';
import type { RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { type DiffusionSpec, isDiffusionRecipe } from '../recipes/recipe.js';
import { recipeByName } from '../recipes/registry.js';

/** What a sampler needs to know about a trained denoiser besides its weights. */
export interface Denoising {
  process: NoiseProcess;
  target: PredictionTarget;
  /** The label of the unconditional class (CFG's null class). */
  nullClass: number;
  spacing?: Spacing;
  /** The noisiest time to start from (default: the process's tMax). */
  tStart?: number;
  /** Clamp each x̂₀ estimate to this range. */
  clipDenoised?: readonly [number, number];
  /** Default steps and guidance scale (a distilled student's: its steps, scale 1 with guidance baked in). */
  steps?: number;
  guidanceScale?: number;
}

/** The default steps and guidance scale of a sampling spec, when it names them. */
function samplingDefaults(sampling: { steps?: number; guidanceScale?: number } | undefined) {
  return {
    ...(sampling?.steps !== undefined ? { steps: sampling.steps } : {}),
    ...(sampling?.guidanceScale !== undefined ? { guidanceScale: sampling.guidanceScale } : {}),
  };
}

/** The sampling side of a diffusion spec, for a model with `classes` real classes (null class = classes). */
export function denoisingOf(diffusion: DiffusionSpec, classes: number): Denoising {
  return {
    process: processByName(diffusion.process),
    target: diffusion.target,
    nullClass: classes,
    ...(diffusion.sampling?.spacing ? { spacing: diffusion.sampling.spacing } : {}),
    ...(diffusion.sampling?.tStart !== undefined ? { tStart: diffusion.sampling.tStart } : {}),
    ...(diffusion.sampling?.clipDenoised ? { clipDenoised: diffusion.sampling.clipDenoised } : {}),
    ...samplingDefaults(diffusion.sampling),
  };
}

/** A run's diffusion spec: saved in its state, or (runs written before it was saved) its recipe's. */
export function runDiffusion(state: RunState): DiffusionSpec {
  const saved = state['diffusion'] as DiffusionSpec | undefined;
  if (saved) return saved;
  const recipe = recipeByName(state.recipe);
  if (!isDiffusionRecipe(recipe)) {
    throw new CliError(`${state.recipe} is not a diffusion recipe: it has no diffusion`);
  }
  return recipe.diffusion;
}

/** The sampling side of an exported model's card (`denoiser` of its model card). */
export function denoisingFromCard(spec: DenoiserSpec, source: string): Denoising {
  if (spec.processOptions && Object.keys(spec.processOptions).length > 0) {
    throw new CliError(
      `${source}: the model card's process '${spec.process}' has options (${Object.keys(spec.processOptions).join(', ')}) this version cannot rebuild`,
    );
  }
  if (spec.nullClass === null) {
    throw new CliError(`${source}: the model has no null class; sampling with guidance needs one`);
  }
  return {
    process: processByName(spec.process),
    target: spec.target,
    nullClass: spec.nullClass,
    ...(spec.sampling?.spacing ? { spacing: spec.sampling.spacing as Spacing } : {}),
    ...(spec.sampling?.tStart !== undefined ? { tStart: spec.sampling.tStart } : {}),
    ...(spec.sampling?.clipDenoised ? { clipDenoised: spec.sampling.clipDenoised } : {}),
    ...samplingDefaults(spec.sampling),
  };
}

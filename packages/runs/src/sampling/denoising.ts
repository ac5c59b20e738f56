import { denoisingFromCard as cardDenoising, type Denoising } from '@latentlab/generate';
import { processByName } from '@latentlab/schedules';
import type { ModelCard } from '@latentlab/tensor';
import type { RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import type { ModelConfig } from '../recipes/model-config.js';
import { type DiffusionSpec, isDiffusionRecipe } from '../recipes/recipe.js';
import { recipeByName } from '../recipes/registry.js';

/** What a sampler needs to know about a trained denoiser besides its weights (and its scalar inputs). */
/** How a denoiser samples (one definition, @latentlab/generate's, for runs and exported files alike). */
export type { Denoising } from '@latentlab/generate';

/** The scalar inputs a CLI network takes: its DiT scalar conditions 'w' (guidance scale) and 'd' (step size). */
function scalarInputsOfConfig(config: ModelConfig) {
  const names = new Set(config.kind === 'dit' ? (config.scalarConditions ?? []).map(({ name }) => name) : []);
  return {
    ...(names.has('w') ? { takesGuidanceScale: true } : {}),
    ...(names.has('d') ? { takesStepSize: true } : {}),
  };
}

/** The default steps and guidance scale of a sampling spec, when it names them. */
function samplingDefaults(sampling: { steps?: number; guidanceScale?: number } | undefined) {
  return {
    ...(sampling?.steps !== undefined ? { steps: sampling.steps } : {}),
    ...(sampling?.guidanceScale !== undefined ? { guidanceScale: sampling.guidanceScale } : {}),
  };
}

/** The sampling side of a diffusion spec for a network config (null class = its `classes`). */
export function denoisingOf(diffusion: DiffusionSpec, config: ModelConfig): Denoising {
  return {
    process: processByName(diffusion.process),
    target: diffusion.target,
    nullClass: config.classes,
    ...scalarInputsOfConfig(config),
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

/** The sampling side of an exported model's card (its `denoiser` section and its input roles). */
/** An exported denoiser's sampling from its card (@latentlab/generate's reading), or a CliError naming the file. */
export function denoisingFromCard(card: ModelCard, source: string): Denoising {
  try {
    return cardDenoising(card, source);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

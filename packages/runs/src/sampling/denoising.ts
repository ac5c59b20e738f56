import { denoiserTensorNames } from '@latentlab/onnx';
import type { ScalarInputs, Spacing } from '@latentlab/samplers';
import { type NoiseProcess, type PredictionTarget, processByName } from '@latentlab/schedules';
import type { DenoiserSpec, ModelCard } from '@latentlab/tensor';
import type { RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import type { ModelConfig } from '../recipes/model-config.js';
import { type DiffusionSpec, isDiffusionRecipe } from '../recipes/recipe.js';
import { recipeByName } from '../recipes/registry.js';

/** What a sampler needs to know about a trained denoiser besides its weights (and its scalar inputs). */
export interface Denoising extends ScalarInputs {
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
export function denoisingFromCard(card: ModelCard, source: string): Denoising {
  const spec = card.denoiser as DenoiserSpec;
  const names = denoiserTensorNames(card);
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
    ...(names.guidanceScale ? { takesGuidanceScale: true } : {}),
    ...(names.stepSize ? { takesStepSize: true } : {}),
  };
}

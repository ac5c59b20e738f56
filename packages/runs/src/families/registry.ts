import type { ModelCard } from '@latentlab/tensor';
import { isTokenRun } from '../cards/token-model-card.js';
import { isAutoencoderRun, type RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import type { Recipe } from '../recipes/recipe.js';
import { registerRecipes } from '../recipes/registry.js';
import { autoencoder } from './autoencoder.js';
import { distillation } from './distillation.js';
import { latentDiffusion } from './latent-diffusion.js';
import type { FamilyName, ModelFamily } from './model-family.js';
import { pixelDiffusion } from './pixel-diffusion.js';
import { tokenModel } from './token-model.js';

/**
 * Every model family, each owning its own recipes: a new family is a folder and a line here (or, outside
 * this package, a `registerFamily` call).
 */
const families: ModelFamily[] = [
  pixelDiffusion,
  latentDiffusion,
  autoencoder,
  tokenModel,
  distillation,
] as ModelFamily[];
export const FAMILIES: readonly ModelFamily[] = families;

/**
 * Adds a family (and its `recipes`) to the registry, after the built-in ones: train, export, sample and
 * evaluate then take its recipes and runs as they take the built-in families'. A taken name is refused.
 */
export function registerFamily<R extends Recipe>(family: ModelFamily<R>): void {
  if (families.some((known) => known.name === family.name)) {
    throw new CliError(`model family ${family.name}: a family of that name is already registered`);
  }
  registerRecipes(family.recipes ?? []);
  families.push(family as unknown as ModelFamily);
}

/** The family that owns `recipe`; exactly one must. */
export function familyOfRecipe(recipe: Recipe): ModelFamily {
  const owners = FAMILIES.filter((family) => family.owns(recipe));
  if (owners.length !== 1) {
    throw new Error(
      `recipe ${recipe.name}: ${owners.length === 0 ? 'no model family owns it' : `owned by ${owners.map((family) => family.name).join(' and ')}`} (families: ${FAMILIES.map((family) => family.name).join(', ')})`,
    );
  }
  return owners[0]!;
}

/** The family of that name. */
export function familyByName(name: FamilyName | (string & {})): ModelFamily {
  const family = FAMILIES.find((candidate) => candidate.name === name);
  if (!family) {
    throw new CliError(
      `model family ${name} is not registered (families: ${FAMILIES.map((known) => known.name).join(', ')})`,
    );
  }
  return family;
}

/**
 * The family of a saved run: the one its state records, or — for runs written before states recorded it —
 * the one its model and state say (an autoencoder or token model by its model kind, a student by its
 * teacher, a latent denoiser by its VAE).
 */
export function familyOfRun(state: RunState<unknown>): ModelFamily {
  const recorded = state['family'];
  if (typeof recorded === 'string') return familyByName(recorded);
  if (isAutoencoderRun(state)) return autoencoder;
  if (isTokenRun(state)) return tokenModel;
  if (state['distill'] !== undefined) return distillation;
  if (state['latent'] !== undefined) return latentDiffusion;
  return pixelDiffusion;
}

/**
 * The family of an exported file, by its card's kind: the first family that exports that kind (the denoiser
 * families share one card kind and sample alike).
 */
export function familyOfCard(card: ModelCard, path: string): ModelFamily {
  const family = FAMILIES.find((candidate) => candidate.cardKinds.includes(card.kind));
  if (!family) {
    throw new CliError(
      `${path}: its model card says kind '${card.kind}', which no model family exports (families: ${FAMILIES.map((each) => `${each.name} (${each.cardKinds.join(', ')})`).join('; ')})`,
    );
  }
  return family;
}

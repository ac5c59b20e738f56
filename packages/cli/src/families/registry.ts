import type { Recipe } from '../recipes/recipe.js';
import { autoencoder } from './autoencoder.js';
import { distillation } from './distillation.js';
import { latentDiffusion } from './latent-diffusion.js';
import type { FamilyName, ModelFamily } from './model-family.js';
import { pixelDiffusion } from './pixel-diffusion.js';
import { tokenModel } from './token-model.js';

/** Every model family, each owning its own recipes: a new family is a folder and a line here. */
export const FAMILIES: readonly ModelFamily[] = [
  pixelDiffusion,
  latentDiffusion,
  autoencoder,
  tokenModel,
  distillation,
] as ModelFamily[];

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
export function familyByName(name: FamilyName): ModelFamily {
  return FAMILIES.find((family) => family.name === name)!;
}

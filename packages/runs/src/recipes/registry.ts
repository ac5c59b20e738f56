import { CliError } from '../errors.js';
import {
  fsqFashion,
  fsqMnist,
  vaeFashion,
  vaeMnist,
  vqvaeFashion,
  vqvaeMnist,
} from './autoencoder-recipes.js';
import {
  consistencyDistill,
  guidanceDistill,
  progressiveDistill,
  reflowDistill,
  reflowOneStepDistill,
  shortcutDistill,
} from './distill-recipes.js';
import {
  edmDitMnist,
  ldmDitFashion,
  ldmDitMnist,
  rfDitFashion,
  rfDitMnist,
  rfDitMnistQuick,
  vpDitMnist,
} from './dit-recipes.js';
import type { Recipe } from './recipe.js';
import { rfMlpMoons } from './rf-mlp-moons.js';
import { arFashion, arMnist, maskgitFashion, maskgitMnist } from './token-recipes.js';

/** The built-in recipes, then those of families registered later (`registerFamily`). */
const recipes: Recipe[] = [
  rfDitMnist,
  rfDitMnistQuick,
  vpDitMnist,
  edmDitMnist,
  rfDitFashion,
  rfMlpMoons,
  vaeMnist,
  vqvaeMnist,
  fsqMnist,
  vaeFashion,
  vqvaeFashion,
  fsqFashion,
  arMnist,
  arFashion,
  maskgitMnist,
  maskgitFashion,
  ldmDitMnist,
  ldmDitFashion,
  guidanceDistill,
  progressiveDistill,
  consistencyDistill,
  shortcutDistill,
  reflowDistill,
  reflowOneStepDistill,
];
export const RECIPES: readonly Recipe[] = recipes;

/** Adds recipes (a registered family's own); a name already taken is refused. */
export function registerRecipes(added: readonly Recipe[]): void {
  for (const recipe of added) {
    if (recipes.some((known) => known.name === recipe.name)) {
      throw new CliError(`recipe ${recipe.name}: a recipe of that name is already registered`);
    }
  }
  recipes.push(...added);
}

/** The recipe of that name, or a CliError listing them all. */
export function recipeByName(name: string): Recipe {
  const recipe = RECIPES.find((candidate) => candidate.name === name);
  if (recipe) return recipe;
  const known = RECIPES.map((candidate) => `  ${candidate.name.padEnd(20)}${candidate.description}`).join(
    '\n',
  );
  throw new CliError(`unknown recipe '${name}'; the recipes are:\n${known}`);
}

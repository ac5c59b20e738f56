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

export const RECIPES: readonly Recipe[] = [
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

/** The recipe of that name, or a CliError listing them all. */
export function recipeByName(name: string): Recipe {
  const recipe = RECIPES.find((candidate) => candidate.name === name);
  if (recipe) return recipe;
  const known = RECIPES.map((candidate) => `  ${candidate.name.padEnd(20)}${candidate.description}`).join(
    '\n',
  );
  throw new CliError(`unknown recipe '${name}'; the recipes are:\n${known}`);
}

import { describe, expect, it } from 'vitest';
import type { RunState } from '../checkpoint/run-state.js';
import type { Recipe } from '../recipes/recipe.js';
import { RECIPES, recipeByName } from '../recipes/registry.js';
import { FAMILY_NAMES } from './model-family.js';
import { FAMILIES, familyByName, familyOfRecipe, familyOfRun } from './registry.js';

describe('the model-family registry', () => {
  it('lists each family once, by the names run states record', () => {
    expect(FAMILIES.map((family) => family.name)).toEqual([...FAMILY_NAMES]);
    for (const name of FAMILY_NAMES) expect(familyByName(name).name).toBe(name);
  });

  it('gives every registered recipe exactly one family', () => {
    const byFamily = new Map<string, string[]>();
    for (const recipe of RECIPES) {
      const family = familyOfRecipe(recipe).name;
      byFamily.set(family, [...(byFamily.get(family) ?? []), recipe.name]);
    }
    expect(byFamily.get('pixel-diffusion')).toContain('rf-dit-mnist');
    expect(byFamily.get('pixel-diffusion')).toContain('rf-mlp-moons');
    expect(byFamily.get('latent-diffusion')).toEqual(['ldm-dit-mnist', 'ldm-dit-fashion']);
    expect(byFamily.get('autoencoder')).toEqual([
      'vae-mnist',
      'vqvae-mnist',
      'fsq-mnist',
      'vae-fashion',
      'vqvae-fashion',
      'fsq-fashion',
    ]);
    expect(byFamily.get('token-model')).toEqual([
      'ar-mnist',
      'ar-fashion',
      'maskgit-mnist',
      'maskgit-fashion',
    ]);
    expect(byFamily.get('distillation')).toHaveLength(6);
    expect([...byFamily.keys()].sort()).toEqual([...FAMILY_NAMES].sort());
  });

  it('refuses a recipe no family owns, naming the families', () => {
    const stray = { ...recipeByName('rf-dit-mnist'), name: 'stray' } as Partial<Recipe>;
    delete (stray as { diffusion?: unknown }).diffusion;
    expect(() => familyOfRecipe(stray as Recipe)).toThrow(
      /recipe stray: no model family owns it \(families: pixel-diffusion, latent-diffusion, autoencoder, token-model, distillation\)/,
    );
  });

  it('tells the family of a saved run by its recorded name, or — for older runs — by its model and state', () => {
    const state = (fields: Record<string, unknown>) =>
      ({ recipe: 'r', step: 1, ...fields }) as unknown as RunState<unknown>;
    const dit = { kind: 'dit' };
    expect(familyOfRun(state({ family: 'token-model', modelConfig: dit })).name).toBe('token-model');
    expect(familyOfRun(state({ modelConfig: { kind: 'vqvae' } })).name).toBe('autoencoder');
    expect(familyOfRun(state({ modelConfig: { kind: 'maskgit' } })).name).toBe('token-model');
    expect(familyOfRun(state({ modelConfig: dit, distill: { method: 'progressive' } })).name).toBe(
      'distillation',
    );
    expect(familyOfRun(state({ modelConfig: dit, latent: { autoencoderId: 'x' } })).name).toBe(
      'latent-diffusion',
    );
    expect(familyOfRun(state({ modelConfig: { kind: 'mlp' } })).name).toBe('pixel-diffusion');
    // A recorded name no registered family has (a newer version's, or a family a script registers) is
    // refused by name, not guessed from the state.
    expect(() => familyOfRun(state({ family: 'video', modelConfig: { kind: 'fsq' } }))).toThrow(
      'model family video is not registered (families: pixel-diffusion, latent-diffusion, autoencoder, token-model, distillation)',
    );
  });
});

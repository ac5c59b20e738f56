import type { Recipe } from '../recipes/recipe.js';
import { DEFAULT_SETTINGS, type TrainSettings } from './settings.js';

/** Settings given by the caller; anything left undefined falls back to the saved run, the recipe, the defaults. */
export type SettingOverrides = Partial<TrainSettings> & { recipe: string };

const defined = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

export function resolveSettings(
  recipe: Recipe,
  given: SettingOverrides,
  saved?: TrainSettings,
): TrainSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...recipe.defaults,
    ...saved,
    ...defined(given),
    model: { ...saved?.model, ...defined(given.model ?? {}) },
    initialization: { ...saved?.initialization, ...defined(given.initialization ?? {}) },
    recipe: recipe.name,
  };
}

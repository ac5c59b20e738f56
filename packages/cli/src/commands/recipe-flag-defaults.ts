import { familyOfRecipe, type Recipe, resolveSettings, SETTING_FLAGS, settingAt } from '@latentlab/runs';
import type { FlagValue } from '../arguments.js';

/**
 * The value every setting flag takes for `recipe` when left out, for `--help`: the recipe's defaults over
 * the shared ones, model sizes from the recipe's model, DiT init from its default initialisation.
 */
export function recipeFlagDefaults(recipe: Recipe): Record<string, FlagValue | undefined> {
  const settings = resolveSettings(recipe, { recipe: recipe.name });
  const own = familyOfRecipe(recipe).settingDefaults?.(recipe) ?? {};
  const defaults: Record<string, FlagValue | undefined> = {};
  for (const [name, flag] of Object.entries(SETTING_FLAGS)) {
    const [group, key] = flag.setting.split('.');
    let value = settingAt(settings, flag.setting);
    if (value === undefined && (group === 'model' || group === 'initialization')) value = own[group]?.[key!];
    defaults[name] = value as FlagValue | undefined;
  }
  return defaults;
}

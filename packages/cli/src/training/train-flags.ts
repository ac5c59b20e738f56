import { RECIPES, SETTING_FLAGS, setSetting, type TrainSettings } from '@latentlab/runs';
import type { FlagSpecs, FlagValue } from '../arguments.js';

/** Every `latentlab train` flag: the run's files and how to start it, then the settings. */
export const TRAIN_FLAGS: FlagSpecs = {
  recipe: {
    kind: 'choice',
    description: 'recipe (latentlab train --recipe NAME --help shows its defaults)',
    // Read when parsed: a family registered after this module loaded brings its recipes.
    get choices() {
      return RECIPES.map((recipe) => recipe.name);
    },
  },
  out: { kind: 'string', description: 'run directory (checkpoint, state.json, metrics.jsonl, PNGs)' },
  resume: { kind: 'boolean', description: 'continue the run saved in --out' },
  force: { kind: 'boolean', description: 'start afresh in an --out that holds another run (deletes it)' },
  config: {
    kind: 'string',
    description: 'a settings JSON file (as --print-config writes); flags override it',
  },
  'print-config': { kind: 'boolean', description: 'print the resolved settings as JSON and exit' },
  ...SETTING_FLAGS,
};

/** The settings that parsed flags give (only those on the command line). */
export function settingsFromFlags(flags: ReadonlyMap<string, FlagValue>): Partial<TrainSettings> {
  const settings: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(SETTING_FLAGS)) {
    if (flags.has(name)) setSetting(settings, flag.setting, flags.get(name));
  }
  return settings as Partial<TrainSettings>;
}

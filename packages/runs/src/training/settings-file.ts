import { readFileSync } from 'node:fs';
import { CliError } from '../errors.js';
import { convertFlag } from '../flag-values.js';
import { SETTING_FLAGS, type SettingFlag } from './setting-specs.js';
import type { TrainSettings } from './settings.js';

const FLAG_BY_SETTING = new Map<string, SettingFlag>(
  Object.values(SETTING_FLAGS).map((flag) => [flag.setting, flag]),
);
const NESTED_GROUPS = ['model', 'initialization'] as const;

/**
 * Checks a settings object (a `--config` file, or the `settings` of a saved state) field by field with the
 * same kinds and ranges as the flags; `source` names the file in errors ("run.json", "R/state.json:
 * settings"). Unknown fields are errors: a misspelt setting would otherwise be silently ignored.
 */
export function parseSettingsObject(value: unknown, source: string): Partial<TrainSettings> {
  const settings = requireObject(value, source);
  const parsed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(settings)) {
    if (key === 'recipe') {
      if (typeof field !== 'string' || field === '') {
        throw new CliError(`${source}: recipe ${JSON.stringify(field)}: expected a recipe name`);
      }
      parsed[key] = field;
    } else if ((NESTED_GROUPS as readonly string[]).includes(key)) {
      const group = requireObject(field, `${source}: ${key}`);
      parsed[key] = Object.fromEntries(
        Object.entries(group).map(([inner, innerValue]) => [
          inner,
          parseField(`${key}.${inner}`, innerValue, source),
        ]),
      );
    } else {
      parsed[key] = parseField(key, field, source);
    }
  }
  return parsed as Partial<TrainSettings>;
}

/** Reads and checks a `--config` JSON file. */
export function readSettingsFile(path: string): Partial<TrainSettings> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `--config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not JSON (${(error as Error).message})`);
  }
  return parseSettingsObject(value, path);
}

function parseField(path: string, value: unknown, source: string): unknown {
  const flag = FLAG_BY_SETTING.get(path);
  if (!flag) {
    const known = [...FLAG_BY_SETTING.keys()].join(', ');
    throw new CliError(`${source}: unknown setting '${path}' (settings: recipe, ${known})`);
  }
  return convertFlag(`${source}: ${path}`, value, flag);
}

function requireObject(value: unknown, source: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${source}: expected a JSON object of settings`);
  }
  return value as Record<string, unknown>;
}

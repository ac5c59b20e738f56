import { parseArgs } from 'node:util';
import { CliError } from './errors.js';

/** A flag's kind: how its text is read. */
export type FlagKind = 'integer' | 'number' | 'string' | 'boolean' | 'integer-list' | 'number-list';

export interface FlagSpec {
  kind: FlagKind;
  description: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValue = number | string | boolean | number[];

/**
 * Parses `--name value` flags with node's `util.parseArgs` (strict: unknown flags and missing values are
 * errors) and converts each value to its kind, naming the flag when a value is bad.
 */
export function parseFlags(
  argv: readonly string[],
  specs: FlagSpecs,
  command: string,
): Map<string, FlagValue> {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { type: spec.kind === 'boolean' ? 'boolean' : 'string' },
    ]),
  ) as Record<string, { type: 'boolean' | 'string' }>;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    const known = Object.keys(specs)
      .map((name) => `--${name}`)
      .join(', ');
    throw new CliError(
      `${(error as Error).message.split('\n')[0]} (flags: ${known}; see latentlab ${command} --help)`,
    );
  }
  const values = new Map<string, FlagValue>();
  for (const [name, raw] of Object.entries(parsed.values)) {
    const spec = specs[name]!;
    values.set(name, convertFlag(name, raw as string | boolean, spec.kind));
  }
  return values;
}

function convertFlag(name: string, raw: string | boolean, kind: FlagKind): FlagValue {
  const bad = (expected: string) => new CliError(`--${name} ${JSON.stringify(raw)}: expected ${expected}`);
  switch (kind) {
    case 'boolean':
      return raw;
    case 'string':
      return raw as string;
    case 'integer': {
      const value = Number(raw);
      if (!Number.isSafeInteger(value) || String(raw).trim() === '') throw bad('an integer');
      return value;
    }
    case 'number': {
      const value = Number(raw);
      if (!Number.isFinite(value) || String(raw).trim() === '') throw bad('a number');
      return value;
    }
    case 'integer-list': {
      const items = String(raw).split(',');
      const numbers = items.map(Number);
      if (items.some((item) => item.trim() === '') || !numbers.every(Number.isSafeInteger)) {
        throw bad('comma-separated integers, e.g. 0,1,2');
      }
      return numbers;
    }
    case 'number-list': {
      const items = String(raw).split(',');
      const numbers = items.map(Number);
      if (items.some((item) => item.trim() === '') || !numbers.every(Number.isFinite)) {
        throw bad('comma-separated numbers, e.g. 1,2.5,4');
      }
      return numbers;
    }
  }
}

/** Help text: one line per flag. */
export function describeFlags(specs: FlagSpecs): string {
  const width = Math.max(...Object.keys(specs).map((name) => name.length)) + 4;
  return Object.entries(specs)
    .map(([name, spec]) => `  --${name.padEnd(width)}${spec.description}`)
    .join('\n');
}

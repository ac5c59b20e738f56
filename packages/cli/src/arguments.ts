import { parseArgs } from 'node:util';
import { CliError, convertFlag, describeRange, type FlagSpecs, type FlagValue } from '@latentlab/runs';

export {
  convertFlag,
  type FlagKind,
  type FlagSpec,
  type FlagSpecs,
  type FlagValue,
} from '@latentlab/runs';

/**
 * Parses `--name value` flags with node's `util.parseArgs` (strict: unknown flags and missing values are
 * errors), converts each value to its kind and checks its range or choices; every error is one line
 * naming the flag.
 */
export function parseFlags(
  argv: readonly string[],
  specs: FlagSpecs,
  command: string,
): Map<string, FlagValue> {
  return parseCommandLine(argv, specs, command, false).flags;
}

/** `parseFlags` for commands that also take operands (`latentlab dashboard DIR…`). */
export function parseCommandLine(
  argv: readonly string[],
  specs: FlagSpecs,
  command: string,
  allowPositionals = true,
): { flags: Map<string, FlagValue>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { type: spec.kind === 'boolean' ? 'boolean' : 'string' },
    ]),
  ) as Record<string, { type: 'boolean' | 'string' }>;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, specs),
      options,
      strict: true,
      allowPositionals,
    });
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
    values.set(name, convertFlag(`--${name}`, raw as string | boolean, specs[name]!));
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (!values.has(name) && spec.default !== undefined) values.set(name, spec.default);
  }
  return { flags: values, positionals: parsed.positionals };
}

/**
 * `--steps -1` as `--steps=-1`: parseArgs reads a value that starts with '-' as a flag ("argument is
 * ambiguous"), so a negative number reaches the range check, which names the flag and its range.
 */
function joinNegativeValues(argv: readonly string[], specs: FlagSpecs): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const next = argv[index + 1];
    const spec = argument.startsWith('--') ? specs[argument.slice(2)] : undefined;
    if (spec && spec.kind !== 'boolean' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      joined.push(`${argument}=${next}`);
      index += 1;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

/** Help text: one line per flag, with its accepted values and its default (`defaults` first, then the spec's). */
export function describeFlags(
  specs: FlagSpecs,
  defaults: Readonly<Record<string, FlagValue | undefined>> = {},
): string {
  const width = Math.max(...Object.keys(specs).map((name) => name.length)) + 4;
  return Object.entries(specs)
    .map(([name, spec]) => {
      const notes: string[] = [];
      if (spec.kind === 'choice') notes.push(spec.choices!.join(' | '));
      if (spec.range) notes.push(describeRange(spec.range));
      const value = defaults[name] ?? spec.default;
      if (value !== undefined) notes.push(`default ${Array.isArray(value) ? value.join(',') : value}`);
      const suffix = notes.length > 0 ? ` [${notes.join('; ')}]` : '';
      return `  --${name.padEnd(width)}${spec.description}${suffix}`;
    })
    .join('\n');
}

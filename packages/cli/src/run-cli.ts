import { CliError, FieldError, RECIPES, SETTING_FLAGS } from '@latentlab/runs';
import packageJson from '../package.json';
import { describeFlags, type FlagSpecs, type FlagValue } from './arguments.js';
import { recipeFlagDefaults } from './commands/recipe-flag-defaults.js';
import { TRAIN_FLAGS, trainCommand } from './commands/train-command.js';

const USAGE = `usage: latentlab <command> [flags]

commands:
  train    --recipe NAME --steps N --out DIR [--resume] …   train a recipe (latentlab train --help)
  sample   --checkpoint DIR --out grid.png …                 sample a trained run
  eval     --checkpoint DIR --steps 20,50 --cfg 1,2,4 …      classifier FID and accuracy of a run's samples
  export   --checkpoint DIR --onnx model.onnx | --out DIR    export a trained run to ONNX and verify it
  tokenize --tokenizer DIR                                   write a data set's token grids once (VQ-VAE, FSQ)
  pairs    --teacher DIR --out pairs.safetensors             write a teacher ODE's (noise, sample) pairs (reflow)
  dashboard DIR… [--port 6006]                               follow runs live in the browser
  bench    --config dit-mnist-s.json                         time one training step

latentlab <command> --help (or -h) lists a command's flags; latentlab --version prints the version.`;

interface Command {
  /** Resolves to the exit code, or to anything else for 0. */
  run: (argv: readonly string[]) => Promise<unknown>;
  flags: FlagSpecs;
}

/** Commands other than train are imported on first use (export and sample load onnxruntime-node). */
async function commandByName(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'train':
      return { run: trainCommand, flags: TRAIN_FLAGS };
    case 'sample': {
      const { sampleCommand, SAMPLE_FLAGS } = await import('./commands/sample-command.js');
      return { run: sampleCommand, flags: SAMPLE_FLAGS };
    }
    case 'eval': {
      const { evalCommand, EVAL_FLAGS } = await import('./commands/eval-command.js');
      return { run: evalCommand, flags: EVAL_FLAGS };
    }
    case 'export': {
      const { exportCommand, EXPORT_FLAGS } = await import('./commands/export-command.js');
      return { run: exportCommand, flags: EXPORT_FLAGS };
    }
    case 'tokenize': {
      const { tokenizeCommand, TOKENIZE_FLAGS } = await import('./commands/tokenize-command.js');
      return { run: tokenizeCommand, flags: TOKENIZE_FLAGS };
    }
    case 'pairs': {
      const { pairsCommand, PAIRS_FLAGS } = await import('./commands/pairs-command.js');
      return { run: pairsCommand, flags: PAIRS_FLAGS };
    }
    case 'dashboard': {
      const { dashboardCommand, DASHBOARD_FLAGS } = await import('./commands/dashboard-command.js');
      return { run: dashboardCommand, flags: DASHBOARD_FLAGS };
    }
    case 'bench': {
      const { benchCommand, BENCH_FLAGS } = await import('./commands/bench-command.js');
      return { run: benchCommand, flags: BENCH_FLAGS };
    }
    default:
      return undefined;
  }
}

/** Runs `latentlab <command> …`; returns the exit code. User errors print one line, no stack trace. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`latentlab ${packageJson.version}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = await commandByName(name);
  if (!command) {
    process.stderr.write(
      `latentlab: unknown command '${name}' (commands: train, sample, eval, export, tokenize, pairs, dashboard, bench; latentlab --help)\n`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${commandHelp(name, command.flags, rest)}\n`);
    return 0;
  }
  try {
    const code = await command.run(rest);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    // Typed errors (CliError, BackendUnavailableError, DitConfigError, …) carry a complete message;
    // programming errors keep their stack trace.
    const isBug = error instanceof TypeError || error instanceof ReferenceError || !(error instanceof Error);
    if (error instanceof CliError || !isBug) {
      // After a progress line on a terminal (which ends in \r), start the error on a line of its own.
      const lead = process.stderr.isTTY ? '\n' : '';
      const text = error instanceof FieldError ? withFlags(error) : (error as Error).message;
      const message = text.replace(new RegExp(`^latentlab ${name}: `), '');
      process.stderr.write(`${lead}latentlab ${name}: ${message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `latentlab NAME --help`: its flags; for train, each setting's default under the chosen recipe. */
function commandHelp(name: string, flags: FlagSpecs, argv: readonly string[]): string {
  let defaults: Record<string, FlagValue | undefined> = {};
  let heading = `usage: latentlab ${name} [flags]`;
  if (name === 'train') {
    const index = argv.findIndex((argument) => argument === '--recipe' || argument.startsWith('--recipe='));
    const requested =
      index < 0 ? undefined : argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1];
    const recipe = RECIPES.find((candidate) => candidate.name === requested) ?? RECIPES[0]!;
    defaults = recipeFlagDefaults(recipe);
    heading += `\ndefaults of recipe ${recipe.name}${requested ? '' : " (latentlab train --recipe NAME --help shows another's)"}:`;
  }
  return `${heading}\n${describeFlags(flags, defaults)}`;
}

/** Library fields whose flag is not their kebab-case name. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = { referenceCount: 'reference' };

/** The flag that sets a library field: a setting's own flag (studentSteps → --student-steps), else kebab case. */
export function flagOfField(field: string): string {
  if (FLAG_OF_FIELD[field]) return `--${FLAG_OF_FIELD[field]}`;
  const setting = Object.entries(SETTING_FLAGS).find(([, flag]) => flag.setting === field);
  return `--${setting ? setting[0] : field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** A FieldError as the command shows it: the field, and the fields its problem mentions, as flags. */
function withFlags(error: FieldError): string {
  let problem = error.problem;
  for (const mention of error.mentions) {
    problem = problem.replace(new RegExp(`\\b${mention}\\b`, 'g'), flagOfField(mention));
  }
  const flag = flagOfField(error.field);
  return error.value === undefined ? `${flag} ${problem}` : `${flag} ${error.value}: ${problem}`;
}

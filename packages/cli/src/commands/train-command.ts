import { CliError, readSettingsFile, resolveRun, type TrainSettings, train } from '@latentlab/runs';
import { parseFlags } from '../arguments.js';
import { settingsFromFlags, TRAIN_FLAGS } from '../training/train-flags.js';

export { TRAIN_FLAGS };

/**
 * `latentlab train`: settings from the recipe, then `--config FILE`, then the flags (on `--resume`, the
 * saved run's settings come between the recipe and the file).
 */
export async function trainCommand(argv: readonly string[]): Promise<number | undefined> {
  const flags = parseFlags(argv, TRAIN_FLAGS, 'train');
  const configPath = flags.get('config') as string | undefined;
  const fromFile = configPath ? readSettingsFile(configPath) : {};
  const settings = mergeSettings(fromFile, settingsFromFlags(flags));
  const out = flags.get('out') as string | undefined;
  const resume = flags.get('resume') === true;
  const force = flags.get('force') === true;
  const recipe = (flags.get('recipe') as string | undefined) ?? fromFile.recipe;
  if (resume && force) throw new CliError('--resume continues a run and --force replaces it: give one');
  if (flags.get('print-config') === true) {
    if (!recipe && !(resume && out))
      throw new CliError('--print-config needs --recipe NAME (or --resume --out DIR)');
    const resolved = resolveRun({ ...settings, recipe, out: out ?? '', resume });
    process.stdout.write(`${JSON.stringify(resolved.settings, null, 2)}\n`);
    return;
  }
  if (!out) throw new CliError('--out DIR is required (latentlab train --help lists the flags)');
  if (!recipe && !resume) {
    throw new CliError('--recipe NAME is required for a new run (latentlab train --help lists the recipes)');
  }
  const stop = stopOnSignals();
  const result = await train({ ...settings, recipe, out, resume, force, signal: stop.signal }).finally(
    stop.release,
  );
  if (result.interrupted) {
    process.stdout.write(
      `stopped at step ${result.step}; checkpoint saved in ${out}: latentlab train --out ${out} --resume continues\n`,
    );
    return 130;
  }
  const last = result.losses.at(-1);
  process.stdout.write(`trained ${result.step} steps, last loss ${last?.toFixed(4)}; run saved in ${out}\n`);
}

/** `over` on top of `under`, the nested model and initialisation settings merged field by field. */
function mergeSettings(under: Partial<TrainSettings>, over: Partial<TrainSettings>): Partial<TrainSettings> {
  return {
    ...under,
    ...over,
    model: { ...under.model, ...over.model },
    initialization: { ...under.initialization, ...over.initialization },
  };
}

/**
 * SIGINT (Ctrl-C) and SIGTERM stop the run after the current step, with a checkpoint; a second one exits
 * at once (the last checkpoint stays whole: checkpoints are written atomically).
 */
function stopOnSignals() {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      `\n${signal}: stopping after this step and saving a checkpoint (again to quit now)\n`,
    );
    controller.abort(new DOMException(`stopped by ${signal}`, 'AbortError'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

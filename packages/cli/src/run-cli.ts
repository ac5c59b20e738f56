import { describeFlags, type FlagSpecs } from './arguments.js';
import { TRAIN_FLAGS, trainCommand } from './commands/train-command.js';
import { CliError } from './errors.js';

const USAGE = `usage: latentlab <command> [flags]

commands:
  train    --recipe NAME --steps N --out DIR [--resume] …   train a recipe (latentlab train --help)
  sample   --checkpoint DIR --out grid.png …                 sample a trained run
  eval     --checkpoint DIR --steps 20,50 --cfg 1,2,4 …      classifier FID and accuracy of a run's samples
  export   --checkpoint DIR --onnx model.onnx                export a trained run to ONNX and verify it
  bench    --config dit-mnist-s.json                         time one training step`;

interface Command {
  run: (argv: readonly string[]) => Promise<void>;
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
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = await commandByName(name);
  if (!command) {
    process.stderr.write(`latentlab: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help')) {
    process.stdout.write(`usage: latentlab ${name} [flags]\n${describeFlags(command.flags)}\n`);
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    // Typed errors (CliError, BackendUnavailableError, DitConfigError, …) carry a complete message;
    // programming errors keep their stack trace.
    const isBug = error instanceof TypeError || error instanceof ReferenceError || !(error instanceof Error);
    if (error instanceof CliError || !isBug) {
      process.stderr.write(`\nlatentlab ${name}: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

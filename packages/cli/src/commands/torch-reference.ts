import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CliError } from '../errors.js';

export interface TorchReference {
  /** A Python with torch (Debian: `apt-get install -y python3-torch libopenblas0-pthread`). */
  python: string;
  /** ../shared/bench/dit_ref.py */
  script: string;
  /** The benchmark config JSON both sides read. */
  config: string;
}

export interface TorchTiming {
  stepMs: number;
  params: number;
}

/**
 * Runs the PyTorch reference step (`python dit_ref.py CONFIG STEPS`) and reads the JSON line it prints
 * (`{"params", "step_ms", …}`): mean milliseconds over STEPS steps after its own two warm-up steps.
 */
export function runTorchReference(reference: TorchReference, steps: number): TorchTiming {
  if (!existsSync(reference.script)) {
    throw new CliError(
      `latentlab bench --vs-torch: ${reference.script} not found (pass --torch-script FILE)`,
    );
  }
  const run = spawnSync(reference.python, [reference.script, reference.config, String(steps)], {
    encoding: 'utf8',
  });
  if (run.error || run.status !== 0) {
    const reason = run.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
    throw new CliError(
      `latentlab bench --vs-torch: ${reference.python} ${reference.script} failed (${reason}); install PyTorch with \`apt-get install -y python3-torch libopenblas0-pthread\` or pass --python`,
    );
  }
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  let parsed: { step_ms?: unknown; params?: unknown };
  try {
    parsed = JSON.parse(line) as typeof parsed;
  } catch {
    throw new CliError(
      `latentlab bench --vs-torch: ${reference.script} printed no JSON line (got '${line}')`,
    );
  }
  if (typeof parsed.step_ms !== 'number' || typeof parsed.params !== 'number') {
    throw new CliError(
      `latentlab bench --vs-torch: ${reference.script}: step_ms and params: expected numbers`,
    );
  }
  return { stepMs: parsed.step_ms, params: parsed.params };
}

import type { ModelFunction, ParamStore } from '@latentlab/tensor';
import { createRng } from '@latentlab/tensor';
import type { BatchSource } from '@latentlab/train';
import { fit, type Objective } from '@latentlab/train';
import { CliError } from '../errors.js';

/** Runs longer than this on tfjs's cpu kernels need `--backend cpu` to start. */
export const CPU_RUN_LIMIT_SECONDS = 3600;

/**
 * The seconds of one training step, measured on a throwaway copy of the parameters (one step after one
 * warm-up step; the run's own parameters and batches are left as they are).
 */
export async function measureStepSeconds<B>(
  model: ModelFunction,
  params: ParamStore,
  objective: Objective<B>,
  batches: BatchSource<B>,
): Promise<number> {
  let seconds = Number.NaN;
  await fit({
    model,
    params,
    objective,
    batches,
    steps: 2,
    rng: createRng(0),
    onStep: (report) => {
      seconds = report.seconds;
    },
  });
  return seconds;
}

/**
 * Where latentlab's native kernels could not load and `auto` fell back to tfjs's cpu kernels: one line
 * saying so with the run's estimated duration, and an error (asking for `--backend cpu`) when that is
 * over an hour.
 */
export function checkCpuRunTime(stepSeconds: number, stepsLeft: number, note: (line: string) => void): void {
  const total = stepSeconds * stepsLeft;
  const estimate = `${stepSeconds.toFixed(2)} s/step × ${stepsLeft} steps ≈ ${formatHours(total)}`;
  if (total > CPU_RUN_LIMIT_SECONDS) {
    throw new CliError(
      `latentlab's native kernels could not load (see the warning above), and on tfjs's cpu kernels this run would take ${estimate}: --backend cpu trains on them anyway; installing a C++ compiler (apt-get install g++ make python3) and reinstalling builds the native kernels`,
    );
  }
  note(`latentlab's native kernels could not load: training on tfjs's cpu kernels, ${estimate}`);
}

function formatHours(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60
    ? `${minutes} min`
    : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

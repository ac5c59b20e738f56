import { join } from 'node:path';
import type { ModelCard } from '@latentlab/tensor';
import type { RunState } from '../checkpoint/run-state.js';
import { EVAL_FILE } from '../evaluation/eval-record.js';
import { readJsonLines } from '../json-lines.js';
import { RUNS_VERSION } from './version.js';

/**
 * What every card of a run says about where it came from: the recipe, data set, steps, batch, seed, wall
 * time and settings (plus `extraSettings`), the CLI version and commit, and the eval records of this step.
 */
export function runProvenance(
  directory: string,
  state: RunState<unknown>,
  extraSettings: Record<string, unknown> = {},
): Pick<ModelCard, 'training' | 'software' | 'metrics'> {
  const metrics = readJsonLines<Record<string, number | string | null>>(join(directory, EVAL_FILE)).filter(
    (record) => record['checkpoint_step'] === state.step,
  );
  return {
    training: {
      recipe: state.recipe,
      dataset: (state['dataset'] as string | undefined) ?? 'mnist',
      steps: state.step,
      batchSize: state.settings.batchSize,
      seed: state.settings.seed,
      seconds: (state['seconds'] as number | undefined) ?? 0,
      settings: { ...state.settings, ...extraSettings },
    },
    software: {
      package: '@latentlab/runs',
      version: RUNS_VERSION,
      commit: (state['commit'] as string | null) ?? null,
    },
    ...(metrics.length > 0 ? { metrics } : {}),
  };
}

import { runModelCard } from '../cards/run-card.js';
import type { RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { exportRun } from '../export/export-run.js';
import type { ExportedGraph } from '../export/exported-graph.js';
import type { FamilyExport, ModelFamily } from './model-family.js';

/** An export to one `.onnx` file, reported as the one graph `graph`. */
export function oneFileExport(
  graph: string,
  exportFile: (...args: Parameters<FamilyExport['run']>) => Promise<Omit<ExportedGraph, 'graph'>>,
): FamilyExport {
  return { into: 'file', run: async (...args) => [{ graph, ...(await exportFile(...args)) }] };
}

/** The card and export of a denoiser run (pixel or distilled: `denoiser` card, one verified `.onnx`). */
export const denoiserRunParts: Pick<ModelFamily, 'runCard' | 'exporter'> = {
  runCard: (directory, state) => runModelCard(directory, state as RunState),
  exporter: oneFileExport('denoiser', exportRun),
};

/**
 * Refuses to resume `out` on another input run than the one it started with (the tokens, latents or
 * targets it learnt are that run's): "cannot resume OUT: it was trained on tokenizer A (DIR) but
 * --tokenizer GIVEN is tokenizer B".
 */
export function requireSameInput(
  out: string,
  input: { flag: string; noun: string; relation: string; given: string },
  before: { id?: string | undefined; directory?: string | undefined },
  now: string,
): void {
  if (before.id === now) return;
  throw new CliError(
    `cannot resume ${out}: it was ${input.relation} ${input.noun} ${before.id} (${before.directory}) but --${input.flag} ${input.given} is ${input.noun} ${now}`,
  );
}

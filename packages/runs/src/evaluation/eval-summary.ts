import type { EvalRecord } from './eval-record.js';
import type { RunEvaluation } from './evaluate-run.js';

/** One line per setting as it finishes, for the progress output. */
export function describeRecord(record: EvalRecord): string {
  return (
    `${record.steps} steps, cfg ${record.cfg}: FID ${record.fid.toFixed(2)} (floor ${record.fid_floor.toFixed(2)}), ` +
    `accuracy ${percent(record.accuracy)} (${record.seconds.toFixed(1)} s)`
  );
}

/** The summary: which run and reference, then a table of FID beside the floor and accuracy per setting. */
export function formatEvalSummary(evaluation: RunEvaluation, checkpoint: string): string {
  const first = evaluation.records[0];
  const header = [
    `${evaluation.recipe} run ${checkpoint} (step ${evaluation.checkpointStep})` +
      (first
        ? `: ${first.samples} samples per setting (${evaluation.perClass} per class), sampler ${first.sampler}, seed ${first.seed}`
        : ''),
    `classifier FID (lower is better) against ${evaluation.referenceCount} ${evaluation.dataset} test images, ` +
      `beside the real-vs-real floor ${evaluation.floor.toFixed(2)} (what ${first?.samples ?? 'as many'} real training images score against them)`,
  ];
  const columns = ['steps', 'cfg', 'FID', 'floor', 'accuracy'];
  const rows = evaluation.records.map((record) => [
    String(record.steps),
    String(record.cfg),
    record.fid.toFixed(2),
    record.fid_floor.toFixed(2),
    percent(record.accuracy),
  ]);
  const widths = columns.map((name, column) =>
    Math.max(name.length, ...rows.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  return [...header, '', line(columns), ...rows.map(line)].join('\n');
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

import type { ManifestModel } from '../models/manifest.js';

const formatSeconds = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds >= 3600
      ? `${(seconds / 3600).toFixed(1)} h`
      : `${Math.round(seconds / 60)} min`;

export const formatBytes = (bytes: number) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`;

/** The best (lowest-FID) eval record of a model: what the app quotes as its quality. */
export function bestEval(model: ManifestModel): Record<string, number | string | null> | undefined {
  return model.metrics
    .filter((record) => typeof record['fid'] === 'number')
    .sort((a, b) => (a['fid'] as number) - (b['fid'] as number))[0];
}

/**
 * One line on quality: classifier FID with its sample count beside the real-vs-real floor the eval record
 * holds — at the same count where the record says so (`floor_samples`; FID is biased up at fewer samples,
 * so only the floor at the same count is a fair yardstick), else the 10,000-vs-10,000 floor older records
 * carry — then class accuracy and the setting.
 */
export function qualityLine(model: ManifestModel): string {
  const best = bestEval(model);
  if (!best) return 'not evaluated';
  const count = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en') : '?');
  const fidValue = best['fid'] as number;
  const fid = `FID ${fidValue.toFixed(2)} at ${count(best['samples'] ?? best['images'])} samples`;
  const floorValue = best['fid_floor'];
  const floor =
    typeof floorValue !== 'number'
      ? ''
      : typeof best['floor_samples'] === 'number'
        ? ` (${(fidValue / floorValue).toFixed(1)}× the real-vs-real floor ${floorValue.toFixed(2)} at ${count(best['floor_samples'])})`
        : ` (real-vs-real floor ${floorValue.toFixed(2)} at ${count(best['reference'] ?? 10000)})`;
  const accuracy =
    typeof best['accuracy'] === 'number'
      ? `, accuracy ${(100 * (best['accuracy'] as number)).toFixed(1)}%`
      : '';
  const at = [
    best['cfg'] !== undefined ? `CFG ${best['cfg']}` : '',
    best['steps'] !== undefined && best['steps'] !== null ? `${best['steps']} steps` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${fid}${floor}${accuracy}${at ? ` — ${at}` : ''}`;
}

/** A model's card as a <details>: recipe, training steps and time, quality, parameters, files, commit. */
export function cardView(model: ManifestModel): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'card';
  const summary = document.createElement('summary');
  summary.textContent = `Model card: ${model.name}`;
  const list = document.createElement('dl');
  const size = model.files.reduce((sum, file) => sum + file.bytes, 0);
  const rows: [string, string][] = [
    ['Recipe', `latentlab train --recipe ${model.recipe}`],
    ['Training', `${model.steps.toLocaleString('en')} steps, ${formatSeconds(model.trainingSeconds)}`],
    ['Quality', qualityLine(model)],
    ['Parameters', model.parameters === null ? '—' : model.parameters.toLocaleString('en')],
    [
      'Files',
      `${model.files.map((file) => `${file.file} (${formatBytes(file.bytes)})`).join(', ')}; ${formatBytes(size)} in all`,
    ],
    ['Commit', model.commit ?? '—'],
    ...(model.sampling
      ? ([
          [
            'Made for',
            [
              model.sampling.steps !== undefined ? `${model.sampling.steps} steps` : '',
              model.sampling.guidanceScale !== undefined ? `CFG ${model.sampling.guidanceScale}` : '',
            ]
              .filter(Boolean)
              .join(', '),
          ],
        ] as [string, string][])
      : []),
  ];
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  details.append(summary, list);
  return details;
}

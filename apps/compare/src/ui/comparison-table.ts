import type { ManifestModel } from '../models/manifest.js';
import type { GenerationStats } from '../worker/protocol.js';
import { formatBytes, qualityLine } from './card-view.js';
import { PANEL_TITLES, type PanelKind } from './panel-controls.js';

export interface ComparisonRow {
  panel: PanelKind;
  model: ManifestModel;
  label: string;
  stats: GenerationStats;
}

const HEADERS = [
  'Panel',
  'Model',
  'Class',
  'ms / image',
  'Network evaluations',
  'ms / evaluation',
  'Parameters',
  'Size',
  'Quality (latentlab eval)',
  'Backend',
];

/** The table comparing the panels' last runs: cost per image, evaluations, size and quality side by side. */
export function renderComparison(table: HTMLTableElement, rows: ComparisonRow[]): void {
  const head = document.createElement('thead');
  head.append(tableRow(HEADERS, 'th'));
  const body = document.createElement('tbody');
  for (const { panel, model, label, stats } of rows) {
    body.append(
      tableRow(
        [
          PANEL_TITLES[panel],
          model.title,
          label,
          (stats.wallMilliseconds / stats.images).toFixed(1),
          stats.tokens === null
            ? String(stats.evaluations)
            : `${stats.evaluations} (${stats.tokens / stats.images} tokens / image)`,
          (stats.evaluationMilliseconds / Math.max(1, stats.evaluations)).toFixed(1),
          model.parameters === null ? '—' : model.parameters.toLocaleString('en'),
          formatBytes(model.files.reduce((sum, file) => sum + file.bytes, 0)),
          qualityLine(model),
          stats.backend,
        ],
        'td',
      ),
    );
  }
  table.replaceChildren(head, body);
}

function tableRow(cells: string[], tag: 'th' | 'td'): HTMLTableRowElement {
  const row = document.createElement('tr');
  for (const text of cells) {
    const cell = document.createElement(tag);
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}

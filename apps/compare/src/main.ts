import './style.css';
import * as ort from 'onnxruntime-web';
import { mountLearnTab } from './learn/learn-tab.js';
import { type Manifest, type ManifestModel, parseManifest } from './models/manifest.js';
import { readUrlSettings, writeUrlSettings } from './state/url-state.js';
import { exposeTestHooks } from './test-hooks.js';
import { type ComparisonRow, renderComparison } from './ui/comparison-table.js';
import { buildControls } from './ui/controls.js';
import { Panel } from './ui/panel.js';
import type { PanelKind } from './ui/panel-controls.js';
import { InferenceClient } from './worker/inference-client.js';
import type { BackendChoice } from './worker/protocol.js';

const PANELS: PanelKind[] = ['diffusion', 'autoregressive', 'masked'];
const PREVIEW_UNITS: Record<PanelKind, string> = {
  diffusion: 'step',
  autoregressive: 'token',
  masked: 'iteration',
};

// The Learn tab's tiny model runs on this thread: single-threaded wasm (onnxruntime-web's threads would
// start as workers of this page's bundle). Generation runs in the worker, multi-threaded.
ort.env.wasm.numThreads = 1;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const initial = readUrlSettings();
const message = byId<HTMLParagraphElement>('app-message');
const showMessage = (text: string) => {
  message.textContent = text;
  message.hidden = false;
};

let manifest: Manifest = { format: '', models: [] };
/** Class names by data set: the models' cards' `classLabels`, else the labels 0 … classes − 1. */
const cardClassNames = new Map<string, string[]>();
const panelOfModel = (name: string) => {
  const kind = manifest.models.find((model) => model.name === name)?.kind;
  return kind && kind !== 'flow-2d' ? panels.get(kind) : undefined;
};

const inference = new InferenceClient({
  onLoadProgress: ({ model, loaded, total }) =>
    panelOfModel(model)?.setModelStatus(model, { state: 'loading', loaded, total }),
  onLoaded: ({ model, cards }) => {
    panelOfModel(model)?.setModelStatus(model, { state: 'ready' });
    const dataset = manifest.models.find((entry) => entry.name === model)?.dataset;
    const card = (cards['denoiser'] ?? cards['tokens']) as { classLabels?: string[] } | undefined;
    if (dataset && card?.classLabels && !cardClassNames.has(dataset)) {
      cardClassNames.set(dataset, card.classLabels);
      if (shared.values()['dataset'] === dataset) showDataset();
    }
  },
  onLoadError: ({ model, message: text }) =>
    panelOfModel(model)?.setModelStatus(model, { state: 'failed', message: text }),
  onBackend: (data) => {
    const probe = data.probe
      ? ` (probe: wasm ${data.probe.wasm?.toFixed(1)} ms${data.probe.webgpu !== null ? `, WebGPU ${data.probe.webgpu.toFixed(1)} ms` : ''} per evaluation${data.probe.webgpuNote ? `; ${data.probe.webgpuNote}` : ''})`
      : '';
    byId('backend-status').textContent =
      `${data.active}${data.active === 'wasm' ? `, ${data.threads} thread${data.threads === 1 ? '' : 's'}` : ''}${probe}`;
    testHooks.backend = data.active;
    testHooks.ready = true;
  },
  onError: showMessage,
});
const testHooks = exposeTestHooks(() => inference.loseWebgpuDevice());

const manifestUrl = new URL('models/manifest.json', document.baseURI).href;
const backendChoice = byId<HTMLSelectElement>('backend-choice');
backendChoice.value = ['auto', 'wasm', 'webgpu'].includes(initial['backend'] ?? '')
  ? initial['backend']!
  : 'auto';
inference.init(manifestUrl, backendChoice.value as BackendChoice);

const panels = new Map<PanelKind, Panel>(PANELS.map((kind) => [kind, new Panel(kind, initial)]));
byId('panels').append(...[...panels.values()].map((panel) => panel.element));

const shared = buildControls(
  byId('shared-controls'),
  [
    { key: 'dataset', label: 'Data set', kind: 'select', options: [], value: initial['dataset'] ?? 'mnist' },
    { key: 'class', label: 'Class', kind: 'select', options: [], value: '3' },
    { key: 'seed', label: 'Seed', kind: 'number', min: 0, max: 2 ** 31 - 1, step: 1, value: 0 },
    { key: 'n', label: 'Images', kind: 'number', min: 1, max: 16, step: 1, value: 8 },
  ],
  initial,
  () => {
    showDataset();
    saveUrl();
  },
);
const allButton = document.createElement('button');
allButton.type = 'button';
allButton.textContent = 'Generate all: same class, same seed';
allButton.dataset['action'] = 'generate-all';
byId('shared-controls').append(allButton);

const lastRuns = new Map<PanelKind, ComparisonRow>();
/** The generation each panel has in flight (its request id). */
const inFlight = new Map<Panel, number>();

function saveUrl() {
  const tab = byId('learn').hidden ? 'generate' : 'learn';
  writeUrlSettings({
    ...shared.values(),
    ...Object.assign({}, ...[...panels.values()].map((panel) => panel.values())),
    backend: backendChoice.value,
    tab,
  });
}

/** The class names of a data set: its cards' labels, else 0 … classes − 1 (the manifest's count). */
function classNames(dataset: string): string[] {
  const fromCard = cardClassNames.get(dataset);
  if (fromCard) return fromCard;
  const models = manifest.models.filter((model) => model.dataset === dataset);
  const labelled = models.find((model) => model.classLabels)?.classLabels;
  if (labelled) return labelled;
  const classes = Math.max(0, ...models.map((model) => model.classes ?? 0));
  return Array.from({ length: classes }, (_, i) => String(i));
}

function showDataset() {
  const dataset = shared.values()['dataset']!;
  shared.setOptions(
    'class',
    classNames(dataset).map((label, index) => ({ value: String(index), label })),
  );
  for (const [kind, panel] of panels) {
    panel.setModels(manifest.models.filter((model) => model.kind === kind && model.dataset === dataset));
  }
}

function generate(panel: Panel): Promise<void> {
  const name = panel.selectedModel();
  const model = manifest.models.find((entry) => entry.name === name);
  if (!model || !panel.isReady() || inFlight.has(panel)) return Promise.resolve();
  const values = shared.values();
  const label = Number(values['class']);
  const count = Math.min(16, Math.max(1, Math.round(Number(values['n']))));
  const request = {
    model: model.name,
    labels: new Array<number>(count).fill(label),
    seed: Math.max(0, Math.round(Number(values['seed']))),
    settings: panel.settings(),
  };
  panel.started();
  const { id, finished } = inference.generate(request, {
    onPreview: (preview) =>
      panel.preview(preview.image, preview.done, preview.total, PREVIEW_UNITS[panel.kind]),
    onDone: (done) => {
      panel.finished(done, done.stats);
      const labelName = classNames(model.dataset)[label] ?? String(label);
      lastRuns.set(panel.kind, { panel: panel.kind, model, label: labelName, stats: done.stats });
      renderComparison(byId('comparison'), [...lastRuns.values()]);
      testHooks.results[panel.kind] = {
        pixels: Array.from(done.pixels),
        height: done.height,
        width: done.width,
        labels: request.labels,
        seed: request.seed,
        stats: done.stats,
      };
    },
    onStopped: () => panel.stopped(),
    onFailed: (text) => panel.failed(text),
  });
  inFlight.set(panel, id);
  return finished.finally(() => inFlight.delete(panel));
}

for (const panel of panels.values()) {
  panel.onGenerate = () => void generate(panel);
  panel.onStop = () => {
    const id = inFlight.get(panel);
    if (id !== undefined) inference.stop(id);
  };
  panel.onChange = saveUrl;
}
allButton.addEventListener('click', async () => {
  allButton.disabled = true;
  try {
    // One after another, so no panel's timing includes another's work.
    for (const panel of panels.values()) await generate(panel);
  } finally {
    allButton.disabled = false;
  }
});
backendChoice.addEventListener('change', () => {
  byId('backend-status').textContent = 'switching…';
  inference.setBackend(backendChoice.value as BackendChoice);
  saveUrl();
});

async function start() {
  try {
    const response = await fetch(manifestUrl);
    if (!response.ok) throw new Error(`models/manifest.json: HTTP ${response.status}`);
    manifest = parseManifest(await response.json(), 'models/manifest.json');
  } catch (error) {
    showMessage(`No models: ${(error as Error).message}`);
  }
  const generative = manifest.models.filter((model) => model.kind !== 'flow-2d');
  const datasets = new Map(generative.map((model) => [model.dataset, model.datasetTitle ?? model.dataset]));
  shared.setOptions(
    'dataset',
    [...datasets].map(([value, label]) => ({ value, label })),
  );
  showDataset();
  for (const model of generative) {
    panelOfModel(model.name)?.setModelStatus(model.name, { state: 'loading', loaded: 0, total: 1 });
    inference.load(model);
  }
  inference.setBackend(backendChoice.value as BackendChoice);
  saveUrl();
}

// Tabs: Generate and Learn (the Learn tab is built the first time it is shown).
let learnMounted = false;
function showTab(tab: 'generate' | 'learn') {
  byId('generate').hidden = tab !== 'generate';
  byId('learn').hidden = tab !== 'learn';
  byId('tab-generate').setAttribute('aria-selected', String(tab === 'generate'));
  byId('tab-learn').setAttribute('aria-selected', String(tab === 'learn'));
  if (tab === 'learn' && !learnMounted) {
    learnMounted = true;
    const moons = manifest.models.find((model: ManifestModel) => model.kind === 'flow-2d');
    const url = moons ? new URL(moons.files[0]!.file, manifestUrl).href : null;
    void mountLearnTab(byId('learn'), { moonsModelUrl: url })
      .then(() => {
        testHooks.learnDrawn = true;
      })
      .catch((error: Error) => showMessage(`the Learn tab failed: ${error.message}`));
  }
  saveUrl();
}
byId('tab-generate').addEventListener('click', () => showTab('generate'));
byId('tab-learn').addEventListener('click', () => showTab('learn'));

void start().then(() => showTab(initial['tab'] === 'learn' ? 'learn' : 'generate'));

import './style.css';
import * as ort from 'onnxruntime-web';
import { mountLearnTab } from './learn/learn-tab.js';
import { type Manifest, type ManifestModel, parseManifest } from './models/manifest.js';
import { readUrlSettings, writeUrlSettings } from './state/url-state.js';
import { type ComparisonRow, renderComparison } from './ui/comparison-table.js';
import { buildControls } from './ui/controls.js';
import { Panel } from './ui/panel.js';
import type { PanelKind } from './ui/panel-controls.js';
import type {
  BackendChoice,
  FromWorker,
  GenerateRequest,
  GenerationStats,
  ToWorker,
} from './worker/protocol.js';

/** Class names by data set, from the models' cards (`classLabels`) as they load; else the label itself. */
const cardClassNames = new Map<string, string[]>();
const CLASS_COUNT = 10;
const PANELS: PanelKind[] = ['diffusion', 'autoregressive', 'masked'];

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

/** What the page exposes for its browser tests: the latest images of each panel and the backend. */
const testHooks = {
  results: {} as Record<
    string,
    {
      pixels: number[];
      height: number;
      width: number;
      labels: number[];
      seed: number;
      stats: GenerationStats;
    }
  >,
  backend: '',
  learnDrawn: false,
  ready: false,
  /** Destroys the worker's WebGPU device, as a driver reset would (for the device-loss test). */
  loseWebgpuDevice: () => worker.postMessage({ type: 'lose-webgpu-device' } satisfies ToWorker),
};
(window as unknown as { latentlab: typeof testHooks }).latentlab = testHooks;

// The name tells the worker it is the app's, not one of onnxruntime's wasm threads (see the worker).
const worker = new Worker(new URL('./worker/inference.worker.ts', import.meta.url), {
  type: 'module',
  name: 'latentlab-inference',
});
const manifestUrl = new URL('models/manifest.json', document.baseURI).href;
const backendChoice = byId<HTMLSelectElement>('backend-choice');
backendChoice.value = ['auto', 'wasm', 'webgpu'].includes(initial['backend'] ?? '')
  ? initial['backend']!
  : 'auto';
worker.postMessage({
  type: 'init',
  manifestUrl,
  backend: backendChoice.value as BackendChoice,
});

const panels = new Map<PanelKind, Panel>(PANELS.map((kind) => [kind, new Panel(kind, initial)]));
byId('panels').append(...[...panels.values()].map((panel) => panel.element));

const shared = buildControls(
  byId('shared-controls'),
  [
    {
      key: 'dataset',
      label: 'Data set',
      kind: 'select',
      options: [{ value: 'mnist', label: 'MNIST' }],
      value: 'mnist',
    },
    {
      key: 'class',
      label: 'Class',
      kind: 'select',
      options: Array.from({ length: CLASS_COUNT }, (_, i) => ({ value: String(i), label: String(i) })),
      value: '3',
    },
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

let manifest: Manifest = { format: '', models: [] };
const lastRuns = new Map<PanelKind, ComparisonRow>();
let nextId = 1;
const running = new Map<
  number,
  { panel: Panel; request: GenerateRequest; model: ManifestModel; resolve: () => void }
>();
const runningOf = (panel: Panel) => [...running].find(([, job]) => job.panel === panel)?.[0];

function saveUrl() {
  const tab = byId('learn').hidden ? 'generate' : 'learn';
  writeUrlSettings({
    ...shared.values(),
    ...Object.assign({}, ...[...panels.values()].map((panel) => panel.values())),
    backend: backendChoice.value,
    tab,
  });
}

function classNames(dataset: string): string[] {
  return cardClassNames.get(dataset) ?? Array.from({ length: CLASS_COUNT }, (_, i) => String(i));
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
  if (!model || !panel.isReady() || runningOf(panel) !== undefined) return Promise.resolve();
  const values = shared.values();
  const label = Number(values['class']);
  const count = Math.min(16, Math.max(1, Math.round(Number(values['n']))));
  const request: GenerateRequest = {
    id: nextId++,
    model: model.name,
    labels: new Array<number>(count).fill(label),
    seed: Math.max(0, Math.round(Number(values['seed']))),
    settings: panel.settings(),
  };
  panel.started();
  return new Promise((resolve) => {
    running.set(request.id, { panel, request, model, resolve });
    worker.postMessage({ type: 'generate', request });
  });
}

for (const [kind, panel] of panels) {
  panel.onGenerate = () => void generate(panel);
  panel.onStop = () => {
    const id = runningOf(panel);
    if (id !== undefined) worker.postMessage({ type: 'stop', id });
  };
  panel.onChange = saveUrl;
  void kind;
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
  worker.postMessage({ type: 'set-backend', backend: backendChoice.value });
  saveUrl();
});

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const data = event.data;
  const panelOf = (name: string) => {
    const kind = manifest.models.find((model) => model.name === name)?.kind;
    return kind && kind !== 'flow-2d' ? panels.get(kind) : undefined;
  };
  switch (data.type) {
    case 'load-progress':
      panelOf(data.model)?.setModelStatus(data.model, {
        state: 'loading',
        loaded: data.loaded,
        total: data.total,
      });
      break;
    case 'loaded': {
      panelOf(data.model)?.setModelStatus(data.model, { state: 'ready' });
      const dataset = manifest.models.find((model) => model.name === data.model)?.dataset;
      const card = (data.cards['denoiser'] ?? data.cards['tokens']) as { classLabels?: string[] } | undefined;
      if (dataset && card?.classLabels && !cardClassNames.has(dataset)) {
        cardClassNames.set(dataset, card.classLabels);
        if (shared.values()['dataset'] === dataset) showDataset();
      }
      break;
    }
    case 'load-error':
      panelOf(data.model)?.setModelStatus(data.model, { state: 'failed', message: data.message });
      break;
    case 'backend': {
      const probe = data.probe
        ? ` (probe: wasm ${data.probe.wasm?.toFixed(1)} ms${data.probe.webgpu !== null ? `, WebGPU ${data.probe.webgpu.toFixed(1)} ms` : ''} per evaluation${data.probe.webgpuNote ? `; ${data.probe.webgpuNote}` : ''})`
        : '';
      byId('backend-status').textContent =
        `${data.active}${data.active === 'wasm' ? `, ${data.threads} thread${data.threads === 1 ? '' : 's'}` : ''}${probe}`;
      testHooks.backend = data.active;
      testHooks.ready = true;
      break;
    }
    case 'preview': {
      const job = running.get(data.id);
      const unit =
        job?.panel.kind === 'diffusion'
          ? 'step'
          : job?.panel.kind === 'autoregressive'
            ? 'token'
            : 'iteration';
      job?.panel.preview(data.image, data.done, data.total, unit);
      break;
    }
    case 'done': {
      const job = running.get(data.id);
      if (!job) break;
      running.delete(data.id);
      job.panel.finished(data, data.stats);
      const label = classNames(job.model.dataset)[job.request.labels[0]!] ?? String(job.request.labels[0]);
      lastRuns.set(job.panel.kind, { panel: job.panel.kind, model: job.model, label, stats: data.stats });
      renderComparison(byId('comparison'), [...lastRuns.values()]);
      testHooks.results[job.panel.kind] = {
        pixels: Array.from(data.pixels),
        height: data.height,
        width: data.width,
        labels: job.request.labels,
        seed: job.request.seed,
        stats: data.stats,
      };
      job.resolve();
      break;
    }
    case 'stopped': {
      const job = running.get(data.id);
      running.delete(data.id);
      job?.panel.stopped();
      job?.resolve();
      break;
    }
    case 'error': {
      const job = data.id === null ? undefined : running.get(data.id);
      if (job) {
        running.delete(data.id!);
        job.panel.failed(data.message);
        job.resolve();
      } else showMessage(data.message);
      break;
    }
  }
};
worker.onerror = (event) => showMessage(`the inference worker failed: ${event.message}`);

async function start() {
  try {
    const response = await fetch(manifestUrl);
    if (!response.ok) throw new Error(`models/manifest.json: HTTP ${response.status}`);
    manifest = parseManifest(await response.json(), 'models/manifest.json');
  } catch (error) {
    showMessage(`No models: ${(error as Error).message}`);
  }
  const datasets = [...new Set(manifest.models.filter((m) => m.kind !== 'flow-2d').map((m) => m.dataset))];
  shared.setOptions(
    'dataset',
    datasets.map((dataset) => ({ value: dataset, label: dataset === 'fashion' ? 'Fashion-MNIST' : 'MNIST' })),
  );
  showDataset();
  for (const model of manifest.models) {
    if (model.kind === 'flow-2d') continue;
    panelOf(model)?.setModelStatus(model.name, { state: 'loading', loaded: 0, total: 1 });
    worker.postMessage({ type: 'load', model });
  }
  worker.postMessage({ type: 'set-backend', backend: backendChoice.value });
  saveUrl();
}

function panelOf(model: ManifestModel) {
  return model.kind === 'flow-2d' ? undefined : panels.get(model.kind);
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
    const moons = manifest.models.find((model) => model.kind === 'flow-2d');
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

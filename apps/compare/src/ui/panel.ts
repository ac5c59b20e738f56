import type { ManifestModel } from '../models/manifest.js';
import type { GenerationStats, PanelSettings } from '../worker/protocol.js';
import { cardView } from './card-view.js';
import { buildControls, type ControlValues } from './controls.js';
import { downloadCanvas, drawImageGrid, type GridImages } from './image-grid.js';
import {
  PANEL_PREFIX,
  PANEL_TITLES,
  type PanelKind,
  panelControls,
  panelSettings,
} from './panel-controls.js';

/** A model's state as the panel shows it. */
export type ModelStatus =
  | { state: 'loading'; loaded: number; total: number }
  | { state: 'ready' }
  | { state: 'failed'; message: string };

/**
 * One Generate panel: model choice and knobs, Generate / Stop, the live grid, honest numbers, the model card
 * and a PNG download. It raises events; main.ts talks to the worker.
 */
export class Panel {
  readonly element: HTMLElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly controls: ReturnType<typeof buildControls>;
  private readonly canvas: HTMLCanvasElement;
  private readonly status: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly generateButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly downloadButton: HTMLButtonElement;
  private readonly cardSlot: HTMLElement;
  private models: ManifestModel[] = [];
  private readonly modelStatus = new Map<string, ModelStatus>();
  private running = false;
  onGenerate: () => void = () => {};
  onStop: () => void = () => {};
  onChange: () => void = () => {};

  constructor(
    readonly kind: PanelKind,
    initial: ControlValues,
  ) {
    const prefix = PANEL_PREFIX[kind];
    this.element = document.createElement('article');
    this.element.className = `panel panel-${kind}`;
    this.element.dataset['panel'] = kind;
    const heading = document.createElement('h2');
    heading.textContent = PANEL_TITLES[kind];
    const form = document.createElement('form');
    form.className = 'panel-controls';
    form.addEventListener('submit', (event) => event.preventDefault());
    const modelLabel = document.createElement('label');
    modelLabel.htmlFor = `model-${kind}`;
    modelLabel.textContent = 'Model';
    this.modelSelect = document.createElement('select');
    this.modelSelect.id = `model-${kind}`;
    this.modelSelect.name = `${prefix}.model`;
    this.modelSelect.dataset['initial'] = initial[`${prefix}.model`] ?? '';
    this.modelSelect.addEventListener('change', () => {
      this.applySamplingDefaults();
      this.refresh();
      this.onChange();
    });
    const modelControl = document.createElement('div');
    modelControl.className = 'control control-model';
    modelControl.append(modelLabel, this.modelSelect);
    form.append(modelControl);
    this.controls = buildControls(form, panelControls(kind), initial, () => this.onChange());
    this.progress = document.createElement('progress');
    this.progress.hidden = true;
    this.progress.setAttribute('aria-label', `${PANEL_TITLES[kind]} model download`);
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    this.generateButton = button('Generate', 'generate', () => this.onGenerate());
    this.stopButton = button('Stop', 'stop', () => this.onStop());
    this.stopButton.disabled = true;
    this.downloadButton = button('Download PNG', 'download', () =>
      downloadCanvas(this.canvas, `latentlab-${this.selectedModel() ?? kind}.png`),
    );
    this.downloadButton.disabled = true;
    buttons.append(this.generateButton, this.stopButton, this.downloadButton);
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'grid';
    this.canvas.hidden = true; // until the first images
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `${PANEL_TITLES[kind]} samples`);
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.stats = document.createElement('p');
    this.stats.className = 'stats';
    this.cardSlot = document.createElement('div');
    this.element.append(
      heading,
      form,
      this.progress,
      buttons,
      this.canvas,
      this.status,
      this.stats,
      this.cardSlot,
    );
  }

  /** The models this panel offers (of its kind and the chosen data set). */
  setModels(models: ManifestModel[]): void {
    this.models = models;
    const wanted = this.modelSelect.value || this.modelSelect.dataset['initial'];
    this.modelSelect.replaceChildren(
      ...models.map((model) => {
        const option = document.createElement('option');
        option.value = model.name;
        option.textContent = model.title;
        return option;
      }),
    );
    if (models.some((model) => model.name === wanted)) this.modelSelect.value = wanted!;
    this.refresh();
  }

  setModelStatus(name: string, status: ModelStatus): void {
    this.modelStatus.set(name, status);
    this.refresh();
  }

  selectedModel(): string | undefined {
    return this.modelSelect.value || undefined;
  }

  /** The URL form of this panel's settings. */
  values(): ControlValues {
    return { ...this.controls.values(), [this.modelSelect.name]: this.modelSelect.value };
  }

  settings(): PanelSettings {
    return panelSettings(this.kind, this.controls.values());
  }

  isReady(): boolean {
    const name = this.selectedModel();
    return name !== undefined && this.modelStatus.get(name)?.state === 'ready';
  }

  started(): void {
    this.running = true;
    this.setStatus('generating…');
    this.stats.textContent = '';
    this.refresh();
  }

  /** Progress, and the images so far when the step's preview was decoded. */
  preview(images: GridImages | null, done: number, total: number, unit: string): void {
    if (images) drawImageGrid(this.canvas, images);
    this.setStatus(`${unit} ${done} / ${total}`);
  }

  finished(images: GridImages, stats: GenerationStats): void {
    this.running = false;
    drawImageGrid(this.canvas, images);
    this.element.dataset['generated'] = String(Number(this.element.dataset['generated'] ?? 0) + 1);
    this.setStatus('done');
    const perImage = stats.wallMilliseconds / stats.images;
    const perEvaluation = stats.evaluationMilliseconds / Math.max(1, stats.evaluations);
    this.stats.textContent =
      `${perImage.toFixed(1)} ms per image (${stats.images} in ${(stats.wallMilliseconds / 1000).toFixed(2)} s), ` +
      `${stats.evaluations} network evaluations${stats.tokens !== null ? ` for ${stats.tokens} tokens` : ''}, ` +
      `${perEvaluation.toFixed(1)} ms per evaluation, on ${stats.backend}`;
    this.downloadButton.disabled = false;
    this.refresh();
  }

  stopped(): void {
    this.running = false;
    this.setStatus('stopped');
    this.refresh();
  }

  failed(message: string): void {
    this.running = false;
    this.setStatus(message, true);
    this.refresh();
  }

  /**
   * A model chosen by hand that asks for its own sampling (a distilled few-step student: its steps, CFG 1
   * with the guidance baked in) sets those knobs; a shared URL keeps what it says.
   */
  private applySamplingDefaults(): void {
    const model = this.models.find((entry) => entry.name === this.selectedModel());
    const prefix = PANEL_PREFIX[this.kind];
    const set = (key: string, value: number | undefined) => {
      const input = this.controls.input(`${prefix}.${key}`);
      if (value !== undefined && input instanceof HTMLInputElement) input.value = String(value);
    };
    set('steps', model?.sampling?.steps);
    set('cfg', model?.sampling?.guidanceScale);
  }

  private setStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  private refresh(): void {
    const name = this.selectedModel();
    const model = this.models.find((entry) => entry.name === name);
    const status = name ? this.modelStatus.get(name) : undefined;
    this.progress.hidden = status?.state !== 'loading';
    if (status?.state === 'loading') {
      this.progress.max = status.total;
      this.progress.value = status.loaded;
    }
    if (!this.running) {
      if (!model) this.setStatus('no model for this data set', true);
      else if (status?.state === 'failed') this.setStatus(status.message, true);
      else if (status?.state === 'loading')
        this.setStatus(`downloading ${Math.round((100 * status.loaded) / Math.max(1, status.total))}%`);
      else if (
        this.status.textContent === '' ||
        this.status.classList.contains('error') ||
        this.status.textContent?.startsWith('downloading')
      )
        this.setStatus(status?.state === 'ready' ? 'ready' : '');
    }
    this.element.dataset['state'] = status?.state ?? 'none';
    this.generateButton.disabled = this.running || status?.state !== 'ready';
    this.stopButton.disabled = !this.running;
    this.cardSlot.replaceChildren(...(model ? [cardView(model)] : []));
  }
}

function button(text: string, name: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.dataset['action'] = name;
  element.addEventListener('click', onClick);
  return element;
}

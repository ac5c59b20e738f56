import type { ManifestModel } from '../models/manifest.js';
import type { BackendChoice, FromWorker, GenerateRequest, ToWorker } from './protocol.js';

type Message<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

/** What one generation hears from the worker, until it is done, stopped or failed. */
export interface GenerationHandlers {
  onPreview(preview: Message<'preview'>): void;
  onDone(done: Message<'done'>): void;
  onStopped(): void;
  onFailed(message: string): void;
}

/** What the page hears from the worker outside any one generation. */
export interface InferenceEvents {
  onLoadProgress(progress: Message<'load-progress'>): void;
  onLoaded(loaded: Message<'loaded'>): void;
  onLoadError(failure: Message<'load-error'>): void;
  onBackend(backend: Message<'backend'>): void;
  /** An error of no generation (or the worker itself failing). */
  onError(message: string): void;
}

/**
 * The page's side of the inference worker: starts it, sends its requests and keeps the bookkeeping of the
 * generations in flight (request ids → their handlers), so the UI deals in panels and results only.
 */
export class InferenceClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly running = new Map<number, GenerationHandlers>();

  constructor(private readonly events: InferenceEvents) {
    // The name tells the worker it is the app's, not one of onnxruntime's wasm threads (see the worker).
    this.worker = new Worker(new URL('./inference.worker.ts', import.meta.url), {
      type: 'module',
      name: 'latentlab-inference',
    });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => events.onError(`the inference worker failed: ${event.message}`);
  }

  init(manifestUrl: string, backend: BackendChoice): void {
    this.send({ type: 'init', manifestUrl, backend });
  }

  load(model: ManifestModel): void {
    this.send({ type: 'load', model });
  }

  setBackend(backend: BackendChoice): void {
    this.send({ type: 'set-backend', backend });
  }

  /** Starts a generation; `finished` settles once it is done, stopped or failed (its handler called first). */
  generate(
    request: Omit<GenerateRequest, 'id'>,
    handlers: GenerationHandlers,
  ): { id: number; finished: Promise<void> } {
    const id = this.nextId++;
    const finished = new Promise<void>((resolve) => {
      const settle =
        <A extends unknown[]>(handler: (...args: A) => void) =>
        (...args: A) => {
          this.running.delete(id);
          handler(...args);
          resolve();
        };
      this.running.set(id, {
        onPreview: (preview) => handlers.onPreview(preview),
        onDone: settle(handlers.onDone),
        onStopped: settle(handlers.onStopped),
        onFailed: settle(handlers.onFailed),
      });
    });
    this.send({ type: 'generate', request: { ...request, id } });
    return { id, finished };
  }

  stop(id: number): void {
    this.send({ type: 'stop', id });
  }

  /** Destroys the worker's WebGPU device, as a driver reset would (for the device-loss test). */
  loseWebgpuDevice(): void {
    this.send({ type: 'lose-webgpu-device' });
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private receive(data: FromWorker): void {
    switch (data.type) {
      case 'load-progress':
        this.events.onLoadProgress(data);
        break;
      case 'loaded':
        this.events.onLoaded(data);
        break;
      case 'load-error':
        this.events.onLoadError(data);
        break;
      case 'backend':
        this.events.onBackend(data);
        break;
      case 'preview':
        this.running.get(data.id)?.onPreview(data);
        break;
      case 'done':
        this.running.get(data.id)?.onDone(data);
        break;
      case 'stopped':
        this.running.get(data.id)?.onStopped();
        break;
      case 'error': {
        const job = data.id === null ? undefined : this.running.get(data.id);
        if (job) job.onFailed(data.message);
        else this.events.onError(data.message);
      }
    }
  }
}

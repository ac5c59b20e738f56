/// <reference lib="webworker" />

import {
  GenerationStopped,
  generateDiffusion,
  generateTokenImages,
  type ImageBatch,
} from '@latentlab/generate';
import type { OnnxRunner } from '@latentlab/onnx/web';
import { probeBackends } from './backend-probe.js';
import { type LoadedModel, loadModel, sessionsOn } from './loaded-model.js';
import type {
  BackendChoice,
  BackendName,
  FromWorker,
  GenerateRequest,
  ProbeResult,
  ToWorker,
} from './protocol.js';
import { configureRuntime, webgpuUnavailable } from './runtime.js';
import { watchWebgpuDevice } from './webgpu-device.js';

/**
 * The app's inference worker (a module Worker of its own: onnxruntime-web's proxy mode cannot keep outputs
 * on the GPU): downloads and checks models, picks the backend by a measured probe, and runs one
 * generation at a time with live previews; a stop request ends the running one at its next step.
 */
const worker = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);

const models = new Map<string, LoadedModel>();
const stops = new Map<number, AbortController>();
let manifestUrl = '';
let threads = 1;
let active: BackendName = 'wasm';
let choice: BackendChoice = 'auto';
let probe: ProbeResult | null = null;
/** Generations and backend switches run one after another, in order. */
let queue: Promise<void> = Promise.resolve();
const enqueue = (work: () => Promise<void>) => {
  queue = queue.then(work, work);
};

/**
 * onnxruntime-web is bundled into this script, so its wasm threads start as workers of this same script
 * (named 'em-pthread…'): only the worker the page started by this name answers the page.
 */
export const INFERENCE_WORKER_NAME = 'latentlab-inference';
if (worker.name === INFERENCE_WORKER_NAME) worker.onmessage = onMessage;

function onMessage(event: MessageEvent<ToWorker>) {
  const message = event.data;
  switch (message.type) {
    case 'init':
      manifestUrl = message.manifestUrl;
      threads = configureRuntime();
      choice = message.backend;
      break;
    case 'load':
      enqueue(() =>
        load(message.model.name, () =>
          loadModel(message.model, manifestUrl, (loaded, total) =>
            post({ type: 'load-progress', model: message.model.name, loaded, total }),
          ),
        ),
      );
      break;
    case 'set-backend':
      enqueue(() => setBackend(message.backend));
      break;
    case 'generate':
      stops.set(message.request.id, new AbortController());
      enqueue(() => run(message.request));
      break;
    case 'stop':
      stops.get(message.id)?.abort();
      break;
    case 'lose-webgpu-device':
      void watchedDevice?.then((device) => device?.destroy());
      break;
  }
}

let watchedDevice: Promise<GPUDevice | null> | undefined;
/**
 * Once sessions run on WebGPU, a lost device (driver reset, GPU process crash, tab in the background too
 * long) ends them all: drop them, say so, and carry on with wasm. A generation that was running fails
 * with its own message; the next ones run on wasm.
 */
function watchDevice() {
  if (watchedDevice) return;
  watchedDevice = watchWebgpuDevice((reason) => {
    watchedDevice = undefined;
    for (const model of models.values()) model.sessions.delete('webgpu');
    active = 'wasm';
    choice = 'wasm';
    enqueue(async () => {
      post({ type: 'error', id: null, message: `the WebGPU device was lost (${reason}); running on wasm` });
      post({ type: 'backend', active, choice, probe, threads });
    });
  });
}

async function load(name: string, loading: () => Promise<LoadedModel>) {
  try {
    const model = await loading();
    models.set(name, model);
    const main = model.cards['denoiser'] ?? model.cards['tokens'];
    post({ type: 'loaded', model: name, parameters: main?.parameters ?? null, cards: model.cards as never });
  } catch (error) {
    post({ type: 'load-error', model: name, message: (error as Error).message });
  }
}

async function setBackend(requested: BackendChoice) {
  choice = requested;
  try {
    if (requested === 'auto') {
      const probeModel = [...models.values()].find((model) => model.entry.kind === 'diffusion');
      if (probeModel) {
        const measured = await probeBackends(probeModel);
        probe = measured;
        active = measured.fastest;
      } else active = 'wasm';
    } else {
      if (requested === 'webgpu') {
        const reason = await webgpuUnavailable();
        if (reason) throw new Error(`cannot switch to WebGPU: ${reason}`);
      }
      active = requested;
    }
  } catch (error) {
    active = 'wasm';
    post({ type: 'error', id: null, message: `${(error as Error).message}; running on wasm` });
  }
  post({ type: 'backend', active, choice, probe, threads });
}

async function run(request: GenerateRequest) {
  const stop = stops.get(request.id)!;
  try {
    const model = models.get(request.model);
    if (!model) throw new Error(`model ${request.model} is not loaded`);
    // Sessions are made on a model's first generation on a backend (compiling every model for a backend
    // the user may never generate on, at load or at a switch, cost seconds each on a slow adapter).
    const sessions = await sessionsOn(model, active);
    if (active === 'webgpu') watchDevice();
    const labels = Int32Array.from(request.labels);
    // Between evaluations (untimed): post the preview, then let the event loop deliver a stop request —
    // wasm runs resolve as microtasks, so without this turn a 'stop' message would wait for the end.
    const preview = async (
      done: number,
      total: number,
      image: ImageBatch | null,
      undecoded: Uint8Array | null = null,
    ) => {
      post({ type: 'preview', id: request.id, done, total, image: image && { ...image, undecoded } });
      await nextTask();
    };
    const start = performance.now();
    const result =
      request.settings.kind === 'diffusion'
        ? await generateDiffusion(diffusionModel(model, sessions), {
            labels,
            seed: request.seed,
            steps: request.settings.steps,
            sampler: request.settings.sampler,
            guidanceScale: request.settings.guidanceScale,
            guidanceInterval: request.settings.guidanceInterval,
            shift: request.settings.shift,
            onPreview: preview,
            signal: stop.signal,
          })
        : await generateTokenImages(
            {
              tokens: sessions['tokens']!,
              card: model.cards['tokens']!,
              decoder: { runner: sessions['decoder']!, card: model.cards['decoder']! },
            },
            {
              labels,
              seed: request.seed,
              guidanceScale: request.settings.guidanceScale,
              temperature: request.settings.temperature,
              topK: request.settings.topK,
              topP: request.settings.topP,
              iterations: request.settings.iterations,
              choiceTemperature: request.settings.choiceTemperature,
              guidanceInterval: request.settings.guidanceInterval,
              onPreview: preview,
              signal: stop.signal,
            },
          );
    const wall = performance.now() - start - result.count.previewMilliseconds;
    const spec = model.cards['tokens']?.tokenModel;
    post(
      {
        type: 'done',
        id: request.id,
        pixels: result.pixels,
        height: result.height,
        width: result.width,
        stats: {
          images: labels.length,
          wallMilliseconds: wall,
          evaluations: result.count.evaluations,
          evaluationMilliseconds: result.count.milliseconds,
          tokens: spec ? spec.sequenceLength * labels.length : null,
          backend: active,
        },
      },
      [result.pixels.buffer],
    );
  } catch (error) {
    if (error instanceof GenerationStopped || stop.signal.aborted) post({ type: 'stopped', id: request.id });
    else post({ type: 'error', id: request.id, message: (error as Error).message });
  } finally {
    stops.delete(request.id);
    // A stopped AR generation leaves its last KV cache on the GPU.
    for (const runner of Object.values((await models.get(request.model)?.sessions.get(active)) ?? {}))
      runner.releaseDeviceOutputs();
  }
}

/** Resolves on the next macrotask (a MessageChannel round trip: no timer clamping). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function diffusionModel(model: LoadedModel, sessions: Record<string, OnnxRunner>) {
  return {
    denoiser: sessions['denoiser']!,
    card: model.cards['denoiser']!,
    ...(sessions['decoder']
      ? { decoder: { runner: sessions['decoder'], card: model.cards['decoder']! } }
      : {}),
  };
}

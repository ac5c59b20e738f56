import type { SamplerName } from '@latentlab/samplers';
import type { ManifestModel } from '../models/manifest.js';

/** Execution providers the app can run on. */
export type BackendName = 'wasm' | 'webgpu';
export type BackendChoice = BackendName | 'auto';

export interface DiffusionSettings {
  kind: 'diffusion';
  sampler: SamplerName;
  steps: number;
  guidanceScale: number;
  guidanceInterval: [number, number];
  shift: number;
}

export interface TokenSettings {
  kind: 'autoregressive' | 'masked';
  guidanceScale: number;
  /** AR: guide only positions in this fraction of the sequence (LlamaGen). */
  guidanceInterval: [number, number];
  temperature: number;
  topK: number;
  topP: number;
  /** MaskGIT's iterations. */
  iterations: number;
  choiceTemperature: number;
}

export type PanelSettings = DiffusionSettings | TokenSettings;

export interface GenerateRequest {
  id: number;
  model: string;
  /** The class of every image. */
  labels: number[];
  seed: number;
  settings: PanelSettings;
}

/** What a finished generation cost, honestly: previews are not counted. */
export interface GenerationStats {
  images: number;
  wallMilliseconds: number;
  evaluations: number;
  evaluationMilliseconds: number;
  /** Tokens decoded (token models), else null. */
  tokens: number | null;
  backend: BackendName;
}

export type ToWorker =
  | { type: 'init'; manifestUrl: string; backend: BackendChoice }
  | { type: 'load'; model: ManifestModel }
  | { type: 'set-backend'; backend: BackendChoice }
  | { type: 'generate'; request: GenerateRequest }
  | { type: 'stop'; id: number }
  /** For the browser tests: destroy the WebGPU device, as a driver reset or a GPU process crash would. */
  | { type: 'lose-webgpu-device' };

export interface ProbeResult {
  /** ms per evaluation of the probe model on each backend offered (null: not offered / failed). */
  wasm: number | null;
  webgpu: number | null;
  /** Why WebGPU is not used, when it is not. */
  webgpuNote: string | null;
}

export type FromWorker =
  | {
      type: 'backend';
      active: BackendName;
      choice: BackendChoice;
      probe: ProbeResult | null;
      threads: number;
    }
  | { type: 'load-progress'; model: string; loaded: number; total: number }
  | { type: 'loaded'; model: string; parameters: number | null; cards: Record<string, unknown> }
  | { type: 'load-error'; model: string; message: string }
  | {
      type: 'preview';
      id: number;
      done: number;
      total: number;
      /** The images so far, or null when this step's preview was not decoded (over its budget). */
      image: {
        pixels: Float32Array;
        undecoded: Uint8Array | null;
        height: number;
        width: number;
      } | null;
    }
  | {
      type: 'done';
      id: number;
      pixels: Float32Array;
      height: number;
      width: number;
      stats: GenerationStats;
    }
  | { type: 'stopped'; id: number }
  | { type: 'error'; id: number | null; message: string };

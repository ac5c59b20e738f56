import type { GenerationStats } from './worker/protocol.js';

/** The latest images of a panel, as the browser tests read them. */
export interface PanelResult {
  pixels: number[];
  height: number;
  width: number;
  labels: number[];
  seed: number;
  stats: GenerationStats;
}

/** What the page exposes for its browser tests (`window.latentlab`): results, backend, readiness. */
export interface TestHooks {
  results: Record<string, PanelResult>;
  backend: string;
  learnDrawn: boolean;
  ready: boolean;
  /** Destroys the worker's WebGPU device, as a driver reset would (for the device-loss test). */
  loseWebgpuDevice: () => void;
}

/** Creates the hooks and puts them on `window.latentlab`. */
export function exposeTestHooks(loseWebgpuDevice: () => void): TestHooks {
  const hooks: TestHooks = { results: {}, backend: '', learnDrawn: false, ready: false, loseWebgpuDevice };
  (window as unknown as { latentlab: TestHooks }).latentlab = hooks;
  return hooks;
}

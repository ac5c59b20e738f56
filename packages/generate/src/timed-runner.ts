import type { OnnxRunner } from '@latentlab/onnx';

/** What one generation cost: network evaluations and the milliseconds spent inside them. */
export interface EvaluationCount {
  evaluations: number;
  milliseconds: number;
  /** Time spent on previews between evaluations (not part of the generation's cost). */
  previewMilliseconds: number;
}

/**
 * The runner with a `run` that first awaits `before` (work that must not overlap a run, e.g. a preview
 * decode, untimed), then counts the call and its time into `count`.
 */
export function timedRunner(
  runner: OnnxRunner,
  count: EvaluationCount,
  before?: () => Promise<void>,
): OnnxRunner {
  return {
    inputNames: runner.inputNames,
    outputNames: runner.outputNames,
    inputs: runner.inputs,
    outputs: runner.outputs,
    release: () => runner.release(),
    releaseDeviceOutputs: () => runner.releaseDeviceOutputs(),
    async run(feeds) {
      if (before) {
        const previewStart = performance.now();
        await before();
        count.previewMilliseconds += performance.now() - previewStart;
      }
      const start = performance.now();
      try {
        return await runner.run(feeds);
      } finally {
        count.evaluations += 1;
        count.milliseconds += performance.now() - start;
      }
    },
  };
}

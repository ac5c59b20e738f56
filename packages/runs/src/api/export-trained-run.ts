import { readAnyRunState } from '../checkpoint/run-state.js';
import type { ExportedGraph } from '../export/exported-graph.js';
import { familyOfRun } from '../families/registry.js';

/**
 * Exports a trained run of any family through its family's exporter, verified against tfjs: a denoiser or a
 * token model to one `.onnx` file at `path`, an autoencoder or a latent denoiser to a folder of graphs at
 * `path`. Existing files are replaced only with `force`. Returns each graph written and its check.
 */
export async function exportTrainedRun(
  checkpoint: string,
  path: string,
  options: { force?: boolean; onStage?: (stage: string) => void } = {},
): Promise<ExportedGraph[]> {
  return familyOfRun(readAnyRunState(checkpoint)).exporter.run(checkpoint, path, options);
}

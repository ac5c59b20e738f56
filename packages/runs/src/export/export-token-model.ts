import { tokenModel, tokenModelInputSpecs } from '@latentlab/ar';
import { exportOnnx } from '@latentlab/onnx';
import { useBackend } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { writeModelCardFile } from '../cards/model-card-file.js';
import { tokenModelCard } from '../cards/token-model-card.js';
import { CliError } from '../errors.js';
import { loadTokenRun } from '../evaluation/evaluate-token-run.js';
import { requireWritableOutput } from '../output-file.js';
import { sampleTokenGrids, samplingGraph, tfjsSamplingRunner } from '../training/token-plan.js';
import { EXPORT_TOLERANCE } from './export-run.js';

/**
 * `latentlab export` of a token model: its KV-cached `step` graph (EMA weights) with a 'token-model' card
 * (tokenizer id, vocabulary, grid, classes, null class, cache shape), verified before it is written: a
 * seeded, guided 49-token generation of 4 images gives identical tokens in onnxruntime-node and tfjs, and
 * the logits of every step agree within EXPORT_TOLERANCE.
 */
export async function exportTokenModel(
  checkpoint: string,
  onnxPath: string,
  options: { force?: boolean; onStage?: (stage: string) => void } = {},
): Promise<{ path: string; bytes: number; maxAbsDiff: number }> {
  requireWritableOutput(onnxPath, 'path', options.force === true);
  const { weights, state } = loadTokenRun(checkpoint);
  const { kind: _kind, ...config } = state.modelConfig;
  writeModelCardFile(checkpoint, tokenModelCard(checkpoint, state)); // the run's own card
  const graph = samplingGraph(state.modelConfig);
  options.onStage?.(`recording the ${graph} graph of ${checkpoint} (step ${state.step}, EMA weights)`);
  const bytes = exportOnnx(tokenModel(config, graph), weights, tokenModelInputSpecs(config, graph), {
    graphName: `latentlab-${state.recipe}-${graph}`,
    docString:
      graph === 'step'
        ? `latentlab ${state.recipe}, step ${state.step}: one decoding position with a KV cache (past.<i>.key/value in, present.<i>.key/value out); the model card says the rest`
        : `latentlab ${state.recipe}, step ${state.step}: MaskGIT logits of every position of a partly masked grid ([MASK] = ${config.vocabularySize}); the model card says the rest`,
    card: tokenModelCard(checkpoint, state, graph),
  });
  options.onStage?.(`verifying: a seeded generation of 4 images in onnxruntime-node against tfjs`);
  await useBackend('auto');
  const { createNodeRunner } = await import('@latentlab/onnx/node');
  const runner = await createNodeRunner(bytes);
  try {
    let largest = 0;
    const logitsSeen: Float32Array[] = [];
    const tfjs = tfjsSamplingRunner(state.modelConfig, weights);
    const generate = (onnx: boolean) =>
      sampleTokenGrids(
        state.modelConfig,
        async (feeds) => {
          const outputs = onnx ? await runner.run(feeds) : await tfjs(feeds);
          const logits = outputs['logits']!.data as Float32Array;
          if (onnx) logitsSeen.push(logits);
          else {
            const other = logitsSeen.shift()!;
            for (let i = 0; i < logits.length; i++)
              largest = Math.max(largest, Math.abs(logits[i]! - other[i]!));
          }
          return outputs;
        },
        { labels: Int32Array.from([0, 3, 6, 9]), guidanceScale: 2, seed: 1, iterations: 8 },
      );
    const fromOnnx = await generate(true);
    const fromTfjs = await generate(false);
    const differing = [...fromOnnx].filter((token, i) => token !== fromTfjs[i]).length;
    if (differing > 0 || !(largest <= EXPORT_TOLERANCE)) {
      throw new CliError(
        `export check failed: the ${graph} graph of ${checkpoint} gives ${differing} different tokens and logits up to ${largest.toExponential(3)} apart from tfjs (limit ${EXPORT_TOLERANCE})`,
      );
    }
    writeFileAtomic(onnxPath, bytes);
    return { path: onnxPath, bytes: bytes.length, maxAbsDiff: largest };
  } finally {
    await runner.release();
  }
}

import { useBackend } from '@latentlab/tfjs';
import type { DatasetName } from '../recipes/datasets.js';
import { gatherBatches } from '../sampling/batched-samples.js';
import type { OnnxModelFile } from '../sampling/onnx-file.js';
import { streamOnnxTokenSamples } from '../sampling/onnx-token-samples.js';
import { scoreTokenModel, type TokenEvalOptions, type TokenEvalRecord } from './evaluate-token-run.js';

/**
 * `latentlab eval --onnx tokens.onnx`: the exported token model's class-balanced samples, drawn in
 * onnxruntime-node through the app's pipeline (`sample --onnx`'s batches and seeds) and decoded by its
 * tokenizer's decoder (`decoder`, default beside it), scored as a checkpoint's are. Bits per token are not
 * measured (null): the exported graphs are the sampling ones.
 */
export async function evaluateOnnxTokens(
  tokens: OnnxModelFile,
  options: TokenEvalOptions & { batchSize: number; decoder?: string },
): Promise<TokenEvalRecord[]> {
  const spec = tokens.card.tokenModel!;
  await useBackend(options.backend ?? 'auto'); // the classifier runs on tfjs
  return scoreTokenModel(
    {
      recipe: tokens.card.training?.recipe ?? tokens.card.name,
      dataset: (tokens.card.training?.dataset ?? 'mnist') as DatasetName,
      step: tokens.card.training?.steps ?? 0,
      architecture: spec.architecture,
      classes: spec.classes,
      sequenceLength: spec.sequenceLength,
      bitsPerToken: null,
      async draw(labels, { iterations, guidanceScale }, onBatch) {
        let drawn: { images: Float32Array; imageShape: number[] } | undefined;
        await streamOnnxTokenSamples(
          {
            tokens,
            ...(options.decoder !== undefined ? { decoder: options.decoder } : {}),
            perClass: labels.length / spec.classes,
            guidanceScale,
            iterations,
            seed: options.seed,
            batchSize: options.batchSize,
            temperature: options.temperature,
            topK: options.topK,
            topP: options.topP,
          },
          async (plan, draw) => {
            const size = plan.sampleShape.reduce((product, dim) => product * dim, 1);
            let done = 0;
            const { samples } = await gatherBatches(plan.total, size, (keep) =>
              draw(async (batch) => {
                await keep(batch);
                done += batch.labels.length;
                onBatch(done);
              }),
            );
            drawn = { images: samples, imageShape: plan.sampleShape };
          },
        );
        return drawn!;
      },
    },
    options,
  );
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AutoencoderConfig,
  autoencoderInputSpecs,
  autoencoderModel,
  isTokenizer,
} from '@latentlab/autoencoders';
import { exportOnnx } from '@latentlab/onnx';
import { maxAbsDiff, type Tensor } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import { autoencoderCard, autoencoderCardSpec } from '../cards/autoencoder-card.js';
import { writeModelCardFile } from '../cards/model-card-file.js';
import { modelId } from '../checkpoint/model-id.js';
import { loadAutoencoderCheckpoint } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { requireWritableOutput } from '../output-file.js';
import { testImagesByClass } from '../training/reconstruction-grid.js';
import { runGraphOnTfjs } from '../training/tfjs-graph-runner.js';
import { EXPORT_TOLERANCE } from './export-run.js';
import type { ExportedGraph } from './exported-graph.js';

import { latentScalingOf } from './latent-scaling.js';

/** The graphs an autoencoder exports: encoder, quantizer (tokenizers only) and decoder. */
export const exportedGraphs = (config: AutoencoderConfig): ('encoder' | 'quantizer' | 'decoder')[] =>
  isTokenizer(config) ? ['encoder', 'quantizer', 'decoder'] : ['encoder', 'decoder'];

/**
 * `latentlab export` of an autoencoder run: its EMA weights as `encoder.onnx`, `quantizer.onnx` (VQ-VAE and
 * FSQ) and `decoder.onnx` in `outDir`, each with its card (kind, shapes, tokenizer id, the VAE's latent
 * scaling from the training set) and verified in onnxruntime-node against tfjs on 40 test images before it
 * is written: floats within EXPORT_TOLERANCE, tokens identical. Existing files are replaced only with `force`.
 */
export async function exportAutoencoder(
  checkpoint: string,
  outDir: string,
  options: {
    force?: boolean;
    onStage?: (stage: string) => void;
    /** Only these of its graphs (e.g. the decoder that goes beside a latent denoiser). */
    graphs?: readonly ('encoder' | 'quantizer' | 'decoder')[];
  } = {},
): Promise<ExportedGraph[]> {
  const { tensors, state } = loadAutoencoderCheckpoint(checkpoint);
  const config = state.modelConfig;
  const graphs = exportedGraphs(config).filter((graph) => !options.graphs || options.graphs.includes(graph));
  mkdirSync(outDir, { recursive: true });
  for (const graph of graphs)
    requireWritableOutput(join(outDir, `${graph}.onnx`), 'path', options.force === true);
  await useBackend('auto');
  const weights = tensors.ema;
  const dataset = (state['dataset'] as string | undefined) ?? 'mnist';
  options.onStage?.(
    config.kind === 'vae' ? `measuring the latent scaling on ${dataset}` : 'hashing the tokenizer',
  );
  const id = modelId(config, weights);
  const spec = autoencoderCardSpec(config, {
    tokenizerId: id,
    autoencoderId: id,
    ...(config.kind === 'vae' ? { latentScaling: latentScalingOf(config, weights, dataset as never) } : {}),
  });
  writeModelCardFile(checkpoint, autoencoderCard(checkpoint, state, 'reconstruct')); // the run's own card

  const { images } = testImagesByClass(dataset as never);
  const latent = runGraphOnTfjs(config, 'encoder', weights, { x: images })['latent']!;
  const feeds: Record<string, Record<string, Tensor>> = {
    encoder: { x: images },
    quantizer: { latent },
    decoder:
      config.kind === 'vae'
        ? { latent }
        : { tokens: runGraphOnTfjs(config, 'quantizer', weights, { latent })['tokens']! },
  };
  const { createNodeRunner } = await import('@latentlab/onnx/node');
  const exported: ExportedGraph[] = [];
  for (const graph of graphs) {
    options.onStage?.(`recording and verifying ${graph}.onnx`);
    const card = autoencoderCard(checkpoint, state, graph, spec);
    const bytes = exportOnnx(autoencoderModel(config, graph), weights, autoencoderInputSpecs(config, graph), {
      graphName: `latentlab-${state.recipe}-${graph}`,
      docString: `latentlab ${state.recipe} ${graph}, step ${state.step}, EMA weights; the model card (metadata_props latentlab.model_card) says the rest`,
      card,
    });
    const expected = runGraphOnTfjs(config, graph, weights, feeds[graph]!);
    const runner = await createNodeRunner(bytes);
    let difference = 0;
    try {
      const actual = await runner.run(feeds[graph]!);
      for (const [name, value] of Object.entries(expected)) {
        const onnx = actual[name]!;
        difference = Math.max(
          difference,
          value.dtype === 'int32'
            ? [...value.data].filter((token, i) => token !== onnx.data[i]).length
            : maxAbsDiff(onnx, value),
        );
        const limit = value.dtype === 'int32' ? 0 : EXPORT_TOLERANCE;
        if (!(difference <= limit)) {
          throw new CliError(
            `export check failed: ${graph}.onnx of ${checkpoint} differs from tfjs in '${name}' by ${difference} (limit ${limit}${value.dtype === 'int32' ? ' differing tokens' : ''})`,
          );
        }
      }
    } finally {
      await runner.release();
    }
    const path = join(outDir, `${graph}.onnx`);
    writeFileAtomic(path, bytes);
    exported.push({ graph, path, bytes: bytes.length, maxAbsDiff: difference });
  }
  return exported;
}

import { checkTokenizerAgreement } from '@latentlab/generate';
import { readModelCard } from '@latentlab/onnx';
import type { OnnxRunner } from '@latentlab/onnx/web';
import { checkLatentAgreement, type ModelCard } from '@latentlab/tensor';
import type { ManifestModel } from '../models/manifest.js';
import { loadModelFile } from '../models/model-files.js';
import type { BackendName } from './protocol.js';
import { createBackendRunner } from './runtime.js';

/** A manifest model whose files are downloaded and checked: bytes and cards by role, sessions per backend. */
export interface LoadedModel {
  entry: ManifestModel;
  bytes: Record<string, Uint8Array>;
  cards: Record<string, ModelCard>;
  sessions: Map<BackendName, Promise<Record<string, OnnxRunner>>>;
}

/**
 * Downloads (or takes from Cache Storage) every file of a manifest model, checks each checksum and model
 * card, and that the parts belong together (a latent denoiser and its decoder, a token model and its
 * tokenizer's decoder); throws an Error naming the model and file otherwise.
 */
export async function loadModel(
  entry: ManifestModel,
  manifestUrl: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<LoadedModel> {
  const total = entry.files.reduce((sum, file) => sum + file.bytes, 0);
  const loadedByFile = new Map<string, number>();
  const bytes: Record<string, Uint8Array> = {};
  const cards: Record<string, ModelCard> = {};
  for (const file of entry.files) {
    const got = await loadModelFile(entry.name, manifestUrl, file, (loaded) => {
      loadedByFile.set(file.file, loaded);
      onProgress(
        [...loadedByFile.values()].reduce((sum, value) => sum + value, 0),
        total,
      );
    });
    bytes[file.role] = got.bytes;
    cards[file.role] = readModelCard(got.bytes, `${entry.name}: ${file.file}`);
  }
  const main = cards['denoiser'] ?? cards['tokens']!;
  if (cards['decoder']) {
    if (entry.kind === 'diffusion')
      checkLatentAgreement(main, entry.files[0]!.file, cards['decoder'], 'decoder');
    else checkTokenizerAgreement(main, cards['decoder']);
  }
  return { entry, bytes, cards, sessions: new Map() };
}

/** The model's sessions on `backend`, created once. */
export function sessionsOn(model: LoadedModel, backend: BackendName): Promise<Record<string, OnnxRunner>> {
  let sessions = model.sessions.get(backend);
  if (!sessions) {
    sessions = (async () => {
      const runners: Record<string, OnnxRunner> = {};
      for (const file of model.entry.files) {
        // The AR step graph's KV cache (outputs of role 'cache') stays on the GPU between steps.
        const cache = model.cards[file.role]!.outputs.filter((output) => output.role === 'cache');
        runners[file.role] = await createBackendRunner(
          model.bytes[file.role]!,
          backend,
          `${model.entry.name}: ${file.file}`,
          cache.map((output) => output.name),
        );
      }
      return runners;
    })();
    model.sessions.set(backend, sessions);
    sessions.catch(() => model.sessions.delete(backend));
  }
  return sessions;
}

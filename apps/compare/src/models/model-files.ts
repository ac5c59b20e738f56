import type { ManifestFile } from './manifest.js';

/** Cache Storage bucket of downloaded models; a file is cached under its URL and checksum. */
const CACHE_NAME = 'latentlab-models-v1';

/** A model file that could not be had: the model, the file and why. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

export async function sha256(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/**
 * A manifest file's bytes: from Cache Storage when a copy with its checksum is there, else downloaded with
 * progress, checked against the manifest's SHA-256 and size, and then cached. Throws a ModelFileError
 * naming the model and file for a failed download or a checksum that does not match.
 */
export async function loadModelFile(
  model: string,
  baseUrl: string,
  file: ManifestFile,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ bytes: Uint8Array; cached: boolean }> {
  const url = new URL(file.file, baseUrl).href;
  const key = `${url}?sha256=${file.sha256}`;
  const cache =
    typeof caches === 'undefined' ? undefined : await caches.open(CACHE_NAME).catch(() => undefined);
  const hit = await cache?.match(key);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if ((await sha256(bytes)) === file.sha256) {
      onProgress(bytes.length, bytes.length);
      return { bytes, cached: true };
    }
    await cache?.delete(key);
  }
  const bytes = await download(model, url, file, onProgress);
  const digest = await sha256(bytes);
  if (digest !== file.sha256) {
    throw new ModelFileError(
      `${model}: ${file.file} failed its checksum: SHA-256 ${digest.slice(0, 12)}… where the manifest says ${file.sha256.slice(0, 12)}… (a damaged or replaced file)`,
    );
  }
  await cache?.put(key, new Response(bytes as Uint8Array<ArrayBuffer>)).catch(() => undefined);
  return { bytes, cached: false };
}

async function download(
  model: string,
  url: string,
  file: ManifestFile,
  onProgress: (loaded: number, total: number) => void,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ModelFileError(`${model}: ${file.file} could not be downloaded: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    throw new ModelFileError(
      `${model}: ${file.file} could not be downloaded: HTTP ${response.status} ${response.statusText}`.trim(),
    );
  }
  const bytes = new Uint8Array(file.bytes);
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > file.bytes) {
      await reader.cancel();
      throw new ModelFileError(
        `${model}: ${file.file} is larger than the ${file.bytes} bytes the manifest says (a replaced file)`,
      );
    }
    bytes.set(value, loaded);
    loaded += value.length;
    onProgress(loaded, file.bytes);
  }
  if (loaded !== file.bytes) {
    throw new ModelFileError(
      `${model}: ${file.file} is ${loaded} bytes where the manifest says ${file.bytes} (a truncated download)`,
    );
  }
  return bytes;
}

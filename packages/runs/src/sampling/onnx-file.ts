import { readFileSync } from 'node:fs';
import { readModelCard } from '@latentlab/onnx';
import type { ModelCard } from '@latentlab/tensor';
import { CliError } from '../errors.js';

/** An exported model as read from its file: the bytes and the model card in them. */
export interface OnnxModelFile {
  path: string;
  bytes: Uint8Array;
  card: ModelCard;
}

/** The bytes of `path`, or an error naming the file. */
export function readOnnxBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The model in `path` with its card (checked as `readModelCard` checks it). */
export function readOnnxModel(path: string): OnnxModelFile {
  const bytes = readOnnxBytes(path);
  return { path, bytes, card: readModelCard(bytes, path) };
}

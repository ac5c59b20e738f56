import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `bytes` to `path` so that a reader (or a killed run) sees either the old file or the complete
 * new one: write a temporary file next to it, fsync it, rename it over `path`, fsync the directory.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const partialPath = `${path}.partial-${process.pid}`;
  const content = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const file = openSync(partialPath, 'w');
  try {
    let written = 0;
    while (written < content.length) written += writeSync(file, content, written, content.length - written);
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
  renameSync(partialPath, path);
  try {
    const directory = openSync(dirname(path), 'r');
    fsyncSync(directory);
    closeSync(directory);
  } catch {
    // Some platforms (Windows) cannot open a directory; the rename itself is still atomic there.
  }
}

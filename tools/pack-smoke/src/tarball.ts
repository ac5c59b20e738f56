import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const BLOCK_SIZE = 512;

/**
 * The regular files of an npm-style .tgz, keyed by their path without the top-level folder
 * (`package/dist/index.js` → `dist/index.js`). Reads ustar, pax (`path=`) and GNU long names.
 */
export function readTarball(tarballPath: string): Map<string, Buffer> {
  const archive = gunzipSync(readFileSync(tarballPath));
  const files = new Map<string, Buffer>();
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK_SIZE <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK_SIZE);
    if (header.every((byte) => byte === 0)) break;
    const size = parseOctal(header.subarray(124, 136), tarballPath);
    const typeFlag = String.fromCharCode(header[156]!);
    const body = archive.subarray(offset + BLOCK_SIZE, offset + BLOCK_SIZE + size);
    offset += BLOCK_SIZE + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;

    if (typeFlag === 'x') {
      longName = readPaxPath(body) ?? longName;
    } else if (typeFlag === 'L') {
      longName = readString(body);
    } else {
      const name = longName ?? readHeaderName(header);
      longName = undefined;
      if (typeFlag === '0' || typeFlag === '\0') files.set(withoutTopFolder(name), Buffer.from(body));
    }
  }
  return files;
}

function readHeaderName(header: Buffer): string {
  const name = readString(header.subarray(0, 100));
  const isUstar = readString(header.subarray(257, 263)).startsWith('ustar');
  const prefix = isUstar ? readString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function readPaxPath(body: Buffer): string | undefined {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

function readString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function parseOctal(bytes: Buffer, tarballPath: string): number {
  const text = readString(bytes).trim();
  const value = Number.parseInt(text || '0', 8);
  if (Number.isNaN(value)) throw new Error(`${tarballPath}: unreadable tar entry size "${text}"`);
  return value;
}

function withoutTopFolder(name: string): string {
  return name.replace(/^\.?\/?[^/]+\//, '');
}

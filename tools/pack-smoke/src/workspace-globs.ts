import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The `packages:` list of a pnpm-workspace.yaml, in block (`- packages/*`) or flow (`[a, b]`) style.
 * Only that key is read, so no YAML library is needed.
 */
export function parseWorkspacePatterns(workspaceYaml: string): string[] {
  const lines = workspaceYaml.split(/\r?\n/).map((line) => line.replace(/\s+#.*$/, ''));
  const keyIndex = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (keyIndex === -1) return [];
  const inline = lines[keyIndex]!.replace(/^packages\s*:\s*/, '').trim();
  if (inline.startsWith('[')) {
    return inline
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map(unquote)
      .filter(Boolean);
  }
  const patterns: string[] = [];
  for (const line of lines.slice(keyIndex + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const item = /^\s+-\s*(.+)$/.exec(line);
    if (!item) break;
    patterns.push(unquote(item[1]!));
  }
  return patterns;
}

function unquote(text: string): string {
  return text.trim().replace(/^(['"])(.*)\1$/, '$2');
}

/** Package folders (holding a package.json) matched by workspace patterns; `!pattern` excludes. */
export function expandWorkspacePatterns(workspaceRoot: string, patterns: readonly string[]): string[] {
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const pattern of patterns) {
    const target = pattern.startsWith('!') ? excluded : included;
    for (const directory of matchDirectories(workspaceRoot, pattern.replace(/^!/, ''))) {
      target.add(directory);
    }
  }
  return [...included]
    .filter((directory) => !excluded.has(directory))
    .filter((directory) => existsSync(path.join(directory, 'package.json')))
    .sort();
}

function matchDirectories(root: string, pattern: string): string[] {
  const segments = pattern.replace(/^\.\//, '').replace(/\/$/, '').split('/');
  return matchSegments(root, segments);
}

function matchSegments(directory: string, segments: readonly string[]): string[] {
  const [segment, ...rest] = segments;
  if (segment === undefined) return [directory];
  if (segment === '**') {
    const deeper = listSubdirectories(directory).flatMap((child) =>
      matchSegments(path.join(directory, child), segments),
    );
    return [...matchSegments(directory, rest), ...deeper];
  }
  if (!segment.includes('*')) {
    const child = path.join(directory, segment);
    return existsSync(child) ? matchSegments(child, rest) : [];
  }
  const segmentPattern = new RegExp(`^${segment.split('*').map(escapeRegExp).join('[^/]*')}$`);
  return listSubdirectories(directory)
    .filter((child) => segmentPattern.test(child))
    .flatMap((child) => matchSegments(path.join(directory, child), rest));
}

function listSubdirectories(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .map((entry) => entry.name);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

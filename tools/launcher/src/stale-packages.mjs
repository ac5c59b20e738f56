// Which workspace packages must be rebuilt before the built `latentlab` command may run: a package is stale
// when it has no dist/ yet or when one of its build inputs (turbo.json's: src/**, package.json,
// tsconfig.json, tsup.config.ts) is newer than the oldest file its last build wrote.
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const WORKSPACE_FOLDERS = ['packages', 'tools', 'apps'];
const BUILD_INPUT_FILES = ['package.json', 'tsconfig.json', 'tsup.config.ts'];

/** name → folder of every package in the workspace folders of `root`. */
export function workspacePackages(root) {
  const folders = new Map();
  for (const group of WORKSPACE_FOLDERS) {
    const groupFolder = join(root, group);
    if (!existsSync(groupFolder)) continue;
    for (const entry of readdirSync(groupFolder, { withFileTypes: true })) {
      const manifestPath = join(groupFolder, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      folders.set(manifest.name, join(groupFolder, entry.name));
    }
  }
  return folders;
}

/** `name` and every workspace package it depends on (transitively) that has a build script, deps first. */
export function buildClosure(root, name) {
  const folders = workspacePackages(root);
  const ordered = [];
  const seen = new Set();
  const visit = (packageName) => {
    if (seen.has(packageName)) return;
    seen.add(packageName);
    const folder = folders.get(packageName);
    if (!folder) return;
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
      if (String(range).startsWith('workspace:')) visit(dependency);
    }
    if (manifest.scripts?.build) ordered.push({ name: packageName, folder });
  };
  visit(name);
  return ordered;
}

/** The packages of `buildClosure(root, name)` whose dist/ is missing or older than their build inputs. */
export function stalePackages(root, name) {
  return buildClosure(root, name).filter(({ folder }) => {
    const built = oldestModification(join(folder, 'dist'));
    if (built === undefined) return true;
    const inputs = [join(folder, 'src'), ...BUILD_INPUT_FILES.map((file) => join(folder, file))];
    return inputs.some((input) => (newestModification(input) ?? 0) > built);
  });
}

function newestModification(path) {
  return walkModifications(path, Math.max);
}

function oldestModification(path) {
  return walkModifications(path, Math.min);
}

/** Folds `pick` over the modification times of the files under `path`; undefined when there are none. */
function walkModifications(path, pick) {
  if (!existsSync(path)) return undefined;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let result;
  for (const entry of readdirSync(path)) {
    const time = walkModifications(join(path, entry), pick);
    if (time !== undefined) result = result === undefined ? time : pick(result, time);
  }
  return result;
}

/**
 * Marks the dist/ of `packages` as built now (every file's mtime): turbo restores a cached build with the
 * archived mtimes, which can be older than a source that was touched but not changed, and the package would
 * look stale again at every run.
 */
export function markBuilt(packages) {
  const now = new Date();
  const touch = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) touch(join(path, entry));
    } else {
      utimesSync(path, now, now);
    }
  };
  for (const { folder } of packages) touch(join(folder, 'dist'));
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type PackageManifest, readManifest } from './manifest.js';
import { expandWorkspacePatterns, parseWorkspacePatterns } from './workspace-globs.js';

export interface WorkspacePackage {
  name: string;
  version: string;
  directory: string;
  manifest: PackageManifest;
}

/** The closest folder at or above `start` that holds a pnpm-workspace.yaml. */
export function findWorkspaceRoot(start: string): string {
  let directory = path.resolve(start);
  while (!existsSync(path.join(directory, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no pnpm-workspace.yaml found at or above ${start}`);
    directory = parent;
  }
  return directory;
}

/** Every workspace package whose package.json is not `"private": true`, sorted by name. */
export function listPublicPackages(workspaceRoot: string): WorkspacePackage[] {
  const workspaceFile = path.join(workspaceRoot, 'pnpm-workspace.yaml');
  const patterns = parseWorkspacePatterns(readFileSync(workspaceFile, 'utf8'));
  if (patterns.length === 0) throw new Error(`${workspaceFile} lists no packages`);
  const packages: WorkspacePackage[] = [];
  for (const directory of expandWorkspacePatterns(workspaceRoot, patterns)) {
    const manifestPath = path.join(directory, 'package.json');
    const manifest = readManifest(manifestPath);
    if (manifest.private === true) continue;
    if (!manifest.name || !manifest.version) {
      throw new Error(`${manifestPath} is public (not "private": true) but has no name or version`);
    }
    packages.push({ name: manifest.name, version: manifest.version, directory, manifest });
  }
  return packages.sort((left, right) => left.name.localeCompare(right.name));
}

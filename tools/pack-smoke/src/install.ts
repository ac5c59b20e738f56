import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PackedPackage } from './pack.js';
import { cleanEnvironment, runCommand } from './run-command.js';
import type { WorkspacePackage } from './workspace.js';

/** The compiler and Node types the type checks run with, and tsx to run the README examples. */
export const TOOLING_SPECS = ['typescript@5.9', '@types/node@20', 'tsx@4'] as const;

/** Optional peers whose install downloads native binaries; they cannot be installed here. */
export const UNINSTALLABLE_PEERS: ReadonlySet<string> = new Set([
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
]);

const INSTALL_TIMEOUT_MS = 280_000;

/**
 * `name@range` for every peer dependency a package also lists in its devDependencies (the peers its
 * own tests run against, e.g. onnxruntime-node), except workspace packages and UNINSTALLABLE_PEERS.
 */
export function listPeerInstallSpecs(packages: readonly WorkspacePackage[]): string[] {
  const workspaceNames = new Set(packages.map((item) => item.name));
  const ranges = new Map<string, string>();
  for (const { manifest } of packages) {
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      const devRange = manifest.devDependencies?.[peer];
      if (devRange === undefined || devRange.startsWith('workspace:')) continue;
      if (workspaceNames.has(peer) || UNINSTALLABLE_PEERS.has(peer) || ranges.has(peer)) continue;
      ranges.set(peer, devRange);
    }
  }
  return [...ranges].map(([peer, range]) => `${peer}@${range}`);
}

/** Writes the package.json of an empty consumer project. */
export function createSmokeProject(projectDirectory: string): void {
  const manifest = { name: 'smoke', private: true };
  writeFileSync(path.join(projectDirectory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * One `npm install` of all tarballs together (they depend on each other by the versions pnpm wrote)
 * plus `extraSpecs` from the registry. Scripts are skipped; onnxruntime-node is told not to download.
 */
export async function installTarballs(
  projectDirectory: string,
  packed: readonly PackedPackage[],
  extraSpecs: readonly string[],
): Promise<void> {
  const specs = [...packed.map((item) => item.tarballPath), ...extraSpecs];
  const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs];
  try {
    await runCommand('npm', args, {
      cwd: projectDirectory,
      env: cleanEnvironment({ ONNXRUNTIME_NODE_INSTALL: 'skip' }),
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
  } catch (error) {
    const names = packed.map((item) => item.name).join(', ');
    throw new Error(`npm install of the tarballs (${names}) failed: ${(error as Error).message}`);
  }
}

import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { PackageManifest } from './manifest.js';
import { runCommand } from './run-command.js';
import { readTarball } from './tarball.js';
import type { WorkspacePackage } from './workspace.js';

export interface PackedPackage {
  name: string;
  /** The workspace folder it was packed from. */
  directory: string;
  tarballPath: string;
  /** package.json as written into the tarball (`workspace:` ranges already replaced). */
  manifest: PackageManifest;
  /** Paths inside the tarball, without the top-level `package/` folder. */
  files: string[];
  /** Source maps in the tarball whose `sourcesContent` holds the sources. */
  mapsWithSources: string[];
}

const PACK_TIMEOUT_MS = 120_000;

/** `pnpm pack` in the package folder, into a fresh folder of its own under `destination`. */
export async function packPackage(workspacePackage: WorkspacePackage, destination: string) {
  const { name, directory } = workspacePackage;
  const packDirectory = path.join(destination, name.replace(/^@/, '').replace(/\//g, '__'));
  mkdirSync(packDirectory, { recursive: true });
  try {
    await runCommand('pnpm', ['pack', '--pack-destination', packDirectory], {
      cwd: directory,
      timeoutMs: PACK_TIMEOUT_MS,
    });
  } catch (error) {
    throw new Error(`${name}: pnpm pack failed: ${(error as Error).message}`);
  }
  const tarballs = readdirSync(packDirectory).filter((file) => file.endsWith('.tgz'));
  if (tarballs.length !== 1) {
    throw new Error(
      `${name}: expected one .tgz from pnpm pack in ${packDirectory}, found ${tarballs.length}`,
    );
  }
  const tarballPath = path.join(packDirectory, tarballs[0]!);
  const contents = readTarball(tarballPath);
  const packedManifest = contents.get('package.json');
  return {
    name,
    directory,
    tarballPath,
    manifest: packedManifest ? (JSON.parse(packedManifest.toString('utf8')) as PackageManifest) : {},
    files: [...contents.keys()].sort(),
    mapsWithSources: [...contents]
      .filter(([file, bytes]) => file.endsWith('.map') && embedsSources(bytes.toString('utf8')))
      .map(([file]) => file)
      .sort(),
  } satisfies PackedPackage;
}

function embedsSources(mapText: string): boolean {
  try {
    const content = (JSON.parse(mapText) as { sourcesContent?: unknown }).sourcesContent;
    return (
      Array.isArray(content) && content.some((source) => typeof source === 'string' && source.length > 0)
    );
  } catch {
    return false;
  }
}

/** Packs all packages (in parallel); fails listing every package that could not be packed. */
export async function packAll(packages: readonly WorkspacePackage[], destination: string) {
  const results = await Promise.allSettled(packages.map((item) => packPackage(item, destination)));
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [errorMessage(result.reason)] : [],
  );
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
  return results.map((result) => (result as PromiseFulfilledResult<PackedPackage>).value);
}

function errorMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

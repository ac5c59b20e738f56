import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkEntries, type EntryReport } from './entry-checks.js';
import { type ExportEntry, expandPatternEntry, listExportEntries } from './exports-map.js';
import { createSmokeProject, installTarballs, listPeerInstallSpecs, TOOLING_SPECS } from './install.js';
import { type PackedPackage, packAll } from './pack.js';
import type { WorkspacePackage } from './workspace.js';

export {
  checkEntries,
  checkEntry,
  type EntryReport,
  failedResults,
  formatCheckResult,
} from './entry-checks.js';
export { entrySpecifier, expandPatternEntry, listExportEntries } from './exports-map.js';
export { createSmokeProject, installTarballs, listPeerInstallSpecs } from './install.js';
export { publintProblems, typesProblems } from './lint-checks.js';
export { publishedManifest } from './manifest.js';
export { type PackedPackage, packAll, packPackage } from './pack.js';
export type { CheckResult } from './runtime-checks.js';
export { checkTarballContents } from './tarball-contents.js';
export { findWorkspaceRoot, listPublicPackages, type WorkspacePackage } from './workspace.js';

/** A temporary consumer project with every public package installed from its tarball. */
export interface SmokeProject {
  /** Temporary folder holding `tarballs/` and `project/`. */
  workDirectory: string;
  projectDirectory: string;
  packed: PackedPackage[];
  /** Removes the temporary folder. */
  dispose(): void;
}

export interface SmokeProjectOptions {
  /** Leave the temporary folder in place for inspection. */
  keep?: boolean;
  log?: (message: string) => void;
}

/** Packs every package and installs all tarballs (plus TypeScript and the packages' peers) with npm. */
export async function prepareSmokeProject(
  packages: readonly WorkspacePackage[],
  { keep = false, log = () => {} }: SmokeProjectOptions = {},
): Promise<SmokeProject> {
  const workDirectory = mkdtempSync(path.join(os.tmpdir(), 'latentlab-pack-smoke-'));
  const projectDirectory = path.join(workDirectory, 'project');
  mkdirSync(projectDirectory);
  const dispose = () => {
    if (keep) log(`kept ${workDirectory}`);
    else rmSync(workDirectory, { recursive: true, force: true });
  };
  try {
    log(`packing ${packages.length} packages into ${workDirectory}/tarballs`);
    const packed = await packAll(packages, path.join(workDirectory, 'tarballs'));
    const extraSpecs = [...TOOLING_SPECS, ...listPeerInstallSpecs(packages)];
    log(`npm install of ${packed.length} tarballs + ${extraSpecs.join(' ')}`);
    createSmokeProject(projectDirectory);
    await installTarballs(projectDirectory, packed, extraSpecs);
    return { workDirectory, projectDirectory, packed, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The entries of a packed package, with subpath patterns expanded against the tarball's files. */
export function listPackedEntries(packed: PackedPackage): ExportEntry[] {
  return listExportEntries(packed.manifest).flatMap((entry) => expandPatternEntry(entry, packed.files));
}

/** Checks every entry of every packed package (see `checkEntries`), `concurrency` loads at a time. */
export async function checkAllEntries(project: SmokeProject, concurrency = 4): Promise<EntryReport[]> {
  const entries = project.packed.flatMap((packed) =>
    listPackedEntries(packed).map((entry) => ({ packageName: packed.name, entry })),
  );
  return checkEntries(project.projectDirectory, entries, concurrency);
}

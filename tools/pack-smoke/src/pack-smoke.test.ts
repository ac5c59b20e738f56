import { readFileSync } from 'node:fs';
// Packs every public workspace package, installs the tarballs into an empty npm project and checks
// each export entry from there, as a user of the published packages would see it.
// PACK_SMOKE_ROOT=<folder> checks another pnpm workspace; PACK_SMOKE_KEEP=1 keeps the temporary project.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAllEntries,
  checkTarballContents,
  type EntryReport,
  expandPatternEntry,
  failedResults,
  findWorkspaceRoot,
  formatCheckResult,
  listExportEntries,
  listPublicPackages,
  type PackedPackage,
  prepareSmokeProject,
  publintProblems,
  publishedManifest,
  type SmokeProject,
  typesProblems,
} from './pack-smoke.js';
import { runReadmeExample } from './readme-example.js';

const SETUP_TIMEOUT_MS = 300_000;
const ENTRY_TIMEOUT_MS = 120_000;
/** Every entry's checks run together (one TypeScript program for all type probes): the first test waits. */
const ALL_ENTRIES_TIMEOUT_MS = 300_000;

const workspaceRoot =
  process.env['PACK_SMOKE_ROOT'] ?? findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));
const packages = listPublicPackages(workspaceRoot);

let project: SmokeProject | undefined;

beforeAll(async () => {
  project = await prepareSmokeProject(packages, { keep: process.env['PACK_SMOKE_KEEP'] === '1' });
}, SETUP_TIMEOUT_MS);

afterAll(() => project?.dispose());

let entryReports: Promise<EntryReport[]> | undefined;
/** The checks of every entry of every tarball, started by the first entry test that asks. */
const allEntryReports = () => {
  if (!project) throw new Error('no smoke project: packing or npm install failed in beforeAll (see above)');
  entryReports ??= checkAllEntries(project);
  return entryReports;
};

function packedPackage(name: string): PackedPackage {
  if (!project) throw new Error('no smoke project: packing or npm install failed in beforeAll (see above)');
  const packed = project.packed.find((item) => item.name === name);
  if (!packed) throw new Error(`${name} was not packed`);
  return packed;
}

it('finds public packages in the workspace, and depends on each (so turbo builds them before packing)', () => {
  expect(packages.length).toBeGreaterThan(0);
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const missing = packages.map(({ name }) => name).filter((name) => !manifest.devDependencies?.[name]);
  expect(missing, 'add them to tools/pack-smoke/package.json devDependencies').toEqual([]);
});

for (const workspacePackage of packages) {
  const { name } = workspacePackage;

  describe(name, () => {
    it('tarball holds what it should', () => {
      expect(checkTarballContents(packedPackage(name))).toEqual([]);
    });

    it.concurrent(
      'publint and arethetypeswrong find nothing in the tarball',
      async ({ expect }) => {
        const packed = packedPackage(name);
        expect([...(await publintProblems(packed)), ...(await typesProblems(packed))]).toEqual([]);
      },
      ENTRY_TIMEOUT_MS,
    );

    it.concurrent(
      'README example runs against the installed tarball',
      async () => {
        packedPackage(name);
        await runReadmeExample(project!.projectDirectory, name);
      },
      ENTRY_TIMEOUT_MS,
    );

    for (const { subpath } of listExportEntries(publishedManifest(workspacePackage.manifest))) {
      it.concurrent(
        `entry "${subpath}" imports, requires and type-checks from the installed tarball`,
        // Concurrent tests must assert with the expect of their own context.
        async ({ expect }) => {
          const packed = packedPackage(name);
          const entry = listExportEntries(packed.manifest).find((item) => item.subpath === subpath);
          if (!entry) throw new Error(`${name}: the packed package.json has no exports entry "${subpath}"`);
          const concreteEntries = expandPatternEntry(entry, packed.files);
          if (concreteEntries.length === 0) {
            throw new Error(`${name}: exports pattern "${subpath}" matches no file in the tarball`);
          }
          const reports = await allEntryReports();
          const failures = concreteEntries.flatMap((concreteEntry) => {
            const report = reports.find(
              (item) => item.packageName === name && item.subpath === concreteEntry.subpath,
            );
            if (!report) return [`${name} ${concreteEntry.subpath}: not among the checked entries`];
            return failedResults(report).map((result) => formatCheckResult(report, result));
          });
          expect(failures).toEqual([]);
        },
        ALL_ENTRIES_TIMEOUT_MS,
      );
    }
  });
}

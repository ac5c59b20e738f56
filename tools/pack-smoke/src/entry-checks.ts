import {
  type ExportEntry,
  entrySpecifier,
  IMPORT_CONDITIONS,
  REQUIRE_CONDITIONS,
  resolveExportTarget,
} from './exports-map.js';
import {
  type CheckResult,
  checkCjsRequire,
  checkEsmImport,
  checkJsonEntry,
  describeFailure,
} from './runtime-checks.js';
import { checkEntryTypes } from './type-checks.js';

const JAVASCRIPT_FILE = /\.(c|m)?js$/;

export interface EntryReport {
  packageName: string;
  subpath: string;
  specifier: string;
  results: CheckResult[];
}

/**
 * Checks one export entry inside the smoke project: `import`, `require` (each only where the entry has
 * a matching condition) and the types seen from a .mts and a .cts file. JSON entries are loaded both
 * ways; other files (CSS, WASM, …) are only checked for presence in the tarball.
 */
export async function checkEntry(projectDirectory: string, packageName: string, entry: ExportEntry) {
  const specifier = entrySpecifier(packageName, entry.subpath);
  const importTarget = resolveExportTarget(entry.target, IMPORT_CONDITIONS);
  const requireTarget = resolveExportTarget(entry.target, REQUIRE_CONDITIONS);
  const report = (results: CheckResult[]): EntryReport => ({
    packageName,
    subpath: entry.subpath,
    specifier,
    results,
  });

  const target = importTarget ?? requireTarget;
  if (target === undefined) {
    return report([{ check: 'resolve', status: 'skipped', detail: 'no import, require or default target' }]);
  }
  if (target.endsWith('.json')) {
    return report(
      await Promise.all([
        checkJsonEntry(projectDirectory, specifier, 'import'),
        checkJsonEntry(projectDirectory, specifier, 'require'),
      ]),
    );
  }
  if (!JAVASCRIPT_FILE.test(target)) {
    return report([{ check: 'load', status: 'skipped', detail: `${target} is not JavaScript` }]);
  }

  const [esm, cjs] = await Promise.all([
    importTarget === undefined
      ? skipped('import', 'no import/default condition')
      : checkEsmImport(projectDirectory, specifier),
    requireTarget === undefined
      ? skipped('require', 'no require/default condition')
      : checkCjsRequire(projectDirectory, specifier),
  ]);
  const types = await checkEntryTypes(projectDirectory, {
    specifier,
    esmExportNames: importTarget === undefined ? undefined : (esm.exportNames ?? []),
    cjsExportNames: requireTarget === undefined ? undefined : (cjs.exportNames ?? []),
  }).catch((error: unknown): CheckResult[] => [
    { check: 'types', status: 'failed', detail: describeFailure(error) },
  ]);
  return report([esm, cjs, ...types]);
}

async function skipped(check: string, detail: string): Promise<CheckResult> {
  return { check, status: 'skipped', detail };
}

export function failedResults(report: EntryReport): CheckResult[] {
  return report.results.filter((result) => result.status === 'failed');
}

/** `@latentlab/onnx ./node — types (require) failed: …` */
export function formatCheckResult(report: EntryReport, result: CheckResult): string {
  return `${report.packageName} ${report.subpath} — ${result.check} ${result.status}: ${result.detail}`;
}

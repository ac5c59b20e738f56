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
import { checkTypesTogether, type TypeProbeRequest } from './type-checks.js';

const JAVASCRIPT_FILE = /\.(c|m)?js$/;

export interface EntryReport {
  packageName: string;
  subpath: string;
  specifier: string;
  results: CheckResult[];
}

/** An export entry of an installed package, to check. */
export interface EntryToCheck {
  packageName: string;
  entry: ExportEntry;
}

/**
 * Checks one export entry inside the smoke project: `import`, `require` (each only where the entry has
 * a matching condition) and the types seen from a .mts and a .cts file. JSON entries are loaded both
 * ways; other files (CSS, WASM, …) are only checked for presence in the tarball.
 */
export async function checkEntry(projectDirectory: string, packageName: string, entry: ExportEntry) {
  return (await checkEntries(projectDirectory, [{ packageName, entry }]))[0]!;
}

/**
 * `checkEntry` for many entries: their `import` and `require` checks (child Node processes, `concurrency`
 * at a time), then the type probes of all of them in one TypeScript program. Reports in the given order.
 */
export async function checkEntries(
  projectDirectory: string,
  entries: readonly EntryToCheck[],
  concurrency = 4,
): Promise<EntryReport[]> {
  const loaded = await mapConcurrently(entries, concurrency, ({ packageName, entry }) =>
    checkEntryLoads(projectDirectory, packageName, entry),
  );
  const typed = loaded.filter((item) => item.types !== undefined);
  const types = await checkTypesTogether(
    projectDirectory,
    typed.map((item) => item.types!),
  ).catch((error: unknown): CheckResult[][] =>
    typed.map(() => [{ check: 'types', status: 'failed', detail: describeFailure(error) }]),
  );
  return loaded.map((item) => {
    const index = typed.indexOf(item);
    return index < 0 ? item.report : { ...item.report, results: [...item.report.results, ...types[index]!] };
  });
}

/** The runtime part of `checkEntry`, and the type probe request its export names make (if any). */
async function checkEntryLoads(
  projectDirectory: string,
  packageName: string,
  entry: ExportEntry,
): Promise<{ report: EntryReport; types?: TypeProbeRequest }> {
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
    return {
      report: report([
        { check: 'resolve', status: 'skipped', detail: 'no import, require or default target' },
      ]),
    };
  }
  if (target.endsWith('.json')) {
    return {
      report: report(
        await Promise.all([
          checkJsonEntry(projectDirectory, specifier, 'import'),
          checkJsonEntry(projectDirectory, specifier, 'require'),
        ]),
      ),
    };
  }
  if (!JAVASCRIPT_FILE.test(target)) {
    return { report: report([{ check: 'load', status: 'skipped', detail: `${target} is not JavaScript` }]) };
  }

  const [esm, cjs] = await Promise.all([
    importTarget === undefined
      ? skipped('import', 'no import/default condition')
      : checkEsmImport(projectDirectory, specifier),
    requireTarget === undefined
      ? skipped('require', 'no require/default condition')
      : checkCjsRequire(projectDirectory, specifier),
  ]);
  return {
    report: report([esm, cjs]),
    types: {
      specifier,
      esmExportNames: importTarget === undefined ? undefined : (esm.exportNames ?? []),
      cjsExportNames: requireTarget === undefined ? undefined : (cjs.exportNames ?? []),
    },
  };
}

/** `work` over `items`, at most `concurrency` at once; results in the order of `items`. */
async function mapConcurrently<I, O>(
  items: readonly I[],
  concurrency: number,
  work: (item: I) => Promise<O>,
): Promise<O[]> {
  const results: O[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
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

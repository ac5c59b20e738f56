import { CommandFailedError, cleanEnvironment, runCommand } from './run-command.js';

/** Printed before the JSON list of export names so module output on stdout cannot confuse it. */
const EXPORT_NAMES_MARKER = 'pack-smoke-export-names:';
const NODE_CHECK_TIMEOUT_MS = 60_000;
const MAX_DETAIL_LENGTH = 4000;

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
  /** Runtime export names (import / require checks only). */
  exportNames?: string[];
}

function esmImportScript(specifier: string): string {
  return `import * as entry from ${JSON.stringify(specifier)};
const names = Object.keys(entry);
if (names.length === 0) { console.error('import * as entry: the module namespace is empty'); process.exit(1); }
console.log(${JSON.stringify(EXPORT_NAMES_MARKER)} + JSON.stringify(names));
process.exit(0);`;
}

function cjsRequireScript(specifier: string): string {
  return `const entry = require(${JSON.stringify(specifier)});
const isObject = entry !== null && (typeof entry === 'object' || typeof entry === 'function');
const names = isObject ? Object.keys(entry) : [];
if (names.length === 0 && typeof entry !== 'function') {
  console.error('require() returned ' + (isObject ? 'an object without keys' : typeof entry)); process.exit(1);
}
console.log(${JSON.stringify(EXPORT_NAMES_MARKER)} + JSON.stringify(names));
process.exit(0);`;
}

function jsonScript(specifier: string, loader: 'import' | 'require'): string {
  const load =
    loader === 'import'
      ? `const { default: data } = await import(${JSON.stringify(specifier)}, { with: { type: 'json' } });`
      : `const data = require(${JSON.stringify(specifier)});`;
  return `${load}
if (data === null || typeof data !== 'object') { console.error('the JSON is not an object'); process.exit(1); }
console.log(${JSON.stringify(EXPORT_NAMES_MARKER)} + '[]');`;
}

/** `import * as entry from '<specifier>'` in the project; passes when the namespace is not empty. */
export function checkEsmImport(projectDirectory: string, specifier: string): Promise<CheckResult> {
  return runNodeCheck('import', projectDirectory, ['--input-type=module', '-e', esmImportScript(specifier)]);
}

/** `require('<specifier>')` in the project; passes when it returns a function or a non-empty object. */
export function checkCjsRequire(projectDirectory: string, specifier: string): Promise<CheckResult> {
  return runNodeCheck('require', projectDirectory, ['-e', cjsRequireScript(specifier)]);
}

/** A JSON entry (`./package.json`) loads through `import … with { type: 'json' }` or `require`. */
export function checkJsonEntry(projectDirectory: string, specifier: string, loader: 'import' | 'require') {
  const inputType = loader === 'import' ? ['--input-type=module'] : [];
  return runNodeCheck(loader, projectDirectory, [...inputType, '-e', jsonScript(specifier, loader)]);
}

async function runNodeCheck(check: string, projectDirectory: string, args: string[]): Promise<CheckResult> {
  try {
    const { stdout } = await runCommand(process.execPath, args, {
      cwd: projectDirectory,
      env: cleanEnvironment(),
      timeoutMs: NODE_CHECK_TIMEOUT_MS,
    });
    const namesLine = stdout.split('\n').find((line) => line.startsWith(EXPORT_NAMES_MARKER));
    if (namesLine === undefined) return { check, status: 'failed', detail: `no result printed:\n${stdout}` };
    const exportNames = JSON.parse(namesLine.slice(EXPORT_NAMES_MARKER.length)) as string[];
    return { check, status: 'passed', detail: summarizeNames(exportNames), exportNames };
  } catch (error) {
    return { check, status: 'failed', detail: describeFailure(error) };
  }
}

export function describeFailure(error: unknown): string {
  const text =
    error instanceof CommandFailedError
      ? `exit ${error.exitCode}:\n${withoutStackFrames(error.stderr || error.stdout)}`
      : String(error);
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}\n…` : text;
}

/** Node's error output without `    at …` stack frames and the trailing `Node.js v20…` line. */
function withoutStackFrames(output: string): string {
  return output
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) && !/^Node\.js v\d/.test(line))
    .join('\n')
    .trim();
}

function summarizeNames(names: readonly string[]): string {
  if (names.length === 0) return 'loaded';
  const shown = names.slice(0, 5).join(', ');
  return `${names.length} exports (${shown}${names.length > 5 ? ', …' : ''})`;
}

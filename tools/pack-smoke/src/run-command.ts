import { execFile } from 'node:child_process';

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Thrown when a command exits non-zero, cannot start or runs past its timeout. */
export class CommandFailedError extends Error {
  constructor(
    readonly commandLine: string,
    readonly cwd: string,
    readonly exitCode: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    const output = [stderr.trim(), stdout.trim()].filter(Boolean).join('\n');
    super(
      `\`${commandLine}\` in ${cwd} failed (exit ${exitCode ?? 'unknown'})${output ? `:\n${output}` : ''}`,
    );
    this.name = 'CommandFailedError';
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function runCommand(command: string, args: readonly string[], options: RunCommandOptions) {
  const commandLine = [command, ...args].join(' ');
  return new Promise<CommandOutput>((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const exitCode = error.killed ? `killed by ${error.signal} (timeout?)` : (error.code ?? null);
        const startFailure = stdout || stderr ? '' : error.message;
        reject(new CommandFailedError(commandLine, options.cwd, exitCode, stdout, stderr || startFailure));
      },
    );
  });
}

const PACKAGE_MANAGER_VARIABLE = /^(npm_|pnpm_|PNPM_)/;
const KEPT_NPM_SETTINGS = new Set([
  'npm_config_registry',
  'npm_config_cache',
  'npm_config_userconfig',
  'npm_config_cafile',
  'npm_config_ca',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
  'npm_config_strict_ssl',
]);

/**
 * The environment without the variables pnpm sets for a running script (`npm_config_globalconfig`
 * pointing at pnpm's rc file, `npm_lifecycle_*`, …), so npm and node in the smoke project behave as
 * they would for a user. Registry, cache, userconfig, proxy and certificate settings are kept.
 */
export function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const isPackageManagerVariable = PACKAGE_MANAGER_VARIABLE.test(name) && !KEPT_NPM_SETTINGS.has(name);
    if (!isPackageManagerVariable && name !== 'NODE_OPTIONS' && name !== 'INIT_CWD') {
      environment[name] = value;
    }
  }
  return { ...environment, ...extra };
}

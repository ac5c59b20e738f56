import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Verdaccio registry of our own: 127.0.0.1 only, no uplinks, storage in a throw-away folder. */
export interface Registry {
  url: string;
  /** An auth token of the user that may publish. */
  token: string;
  /** Verdaccio's output so far (for a failure report). */
  log(): string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
}

const VERDACCIO = fileURLToPath(new URL('../node_modules/verdaccio/bin/verdaccio', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** A free TCP port on 127.0.0.1 (the OS picks it; freed again before Verdaccio binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The config: every package readable by anyone and publishable by a logged-in user; no `uplinks`, so
 * nothing is proxied from npmjs — a package is there only if this rehearsal published it.
 */
function writeConfig(directory: string, port: number): string {
  const file = path.join(directory, 'config.yaml');
  writeFileSync(
    file,
    [
      `storage: ${path.join(directory, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${path.join(directory, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      `listen: 127.0.0.1:${port}`,
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  return file;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`verdaccio exited (${child.exitCode}) on start:\n${output()}`);
    try {
      if ((await fetch(`${url}/-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`verdaccio did not answer ${url}/-/ping within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** Creates the publishing user (npm's adduser call) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'rehearsal';
  const response = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `pw-${process.pid}-${Date.now()}`, type: 'user', roles: [] }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) {
    throw new Error(`verdaccio refused to add user ${name} (${response.status}): ${body.error ?? ''}`);
  }
  return body.token;
}

/** Starts Verdaccio with its config, storage and htpasswd in `directory`. */
export async function startRegistry(directory: string): Promise<Registry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [VERDACCIO, '--config', writeConfig(directory, port)], {
    cwd: directory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPing(url, child, () => output);
    return { url, token: await addUser(url), log: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

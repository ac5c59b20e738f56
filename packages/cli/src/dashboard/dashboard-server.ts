import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { DASHBOARD_PAGE } from './dashboard-page.js';
import { runCurves, runSnapshot } from './run-snapshot.js';

export interface DashboardOptions {
  /** Run directories to follow (they may not exist yet: a run about to start). */
  runs: readonly string[];
  /** 0 picks a free port. */
  port?: number;
  /** The address to listen on; 127.0.0.1 by default, so the page is local to this machine. */
  host?: string;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

/** uPlot (MIT), served from the installed package: the charts of the page. */
function uplotAsset(file: 'uPlot.iife.min.js' | 'uPlot.min.css'): Buffer {
  const require = createRequire(import.meta.url);
  return readFileSync(join(resolve(require.resolve('uplot'), '..'), file));
}

/**
 * Serves the dashboard page and its JSON: `GET /api/runs` (a snapshot of every run), `/api/runs/N/curves?from=K`
 * (metrics lines K… of run N), `/api/runs/N/files/samples-S.png` (its grids; nothing else of the folder).
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const runs = options.runs.map((run) => resolve(run));
  const assets = { script: uplotAsset('uPlot.iife.min.js'), style: uplotAsset('uPlot.min.css') };
  const server = createServer((request, response) => {
    let reply: Reply;
    try {
      reply = route(request, runs, assets);
    } catch (error) {
      reply = { status: 500, type: 'text/plain', body: `dashboard: ${(error as Error).message}` };
    }
    response.writeHead(reply.status, { 'content-type': reply.type, 'cache-control': 'no-store' });
    response.end(reply.body);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolveListen);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** An HTTP answer: status, content type and body. */
interface Reply {
  status: number;
  type: string;
  body: string | Buffer;
}

const notFound: Reply = { status: 404, type: 'text/plain', body: 'not found' };

function route(
  request: IncomingMessage,
  runs: readonly string[],
  assets: { script: Buffer; style: Buffer },
): Reply {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET') return { status: 405, type: 'text/plain', body: 'GET only' };
  if (url.pathname === '/') return { status: 200, type: 'text/html; charset=utf-8', body: DASHBOARD_PAGE };
  if (url.pathname === '/uplot.js') return { status: 200, type: 'text/javascript', body: assets.script };
  if (url.pathname === '/uplot.css') return { status: 200, type: 'text/css', body: assets.style };
  if (url.pathname === '/api/runs') return json(runs.map(runSnapshot));
  const match = /^\/api\/runs\/(\d+)\/(curves|files\/(samples-\d+\.png|loss\.png))$/.exec(url.pathname);
  const run = match ? runs[Number(match[1])] : undefined;
  if (!match || run === undefined) return notFound;
  if (match[2] === 'curves') {
    const from = Math.max(0, Number(url.searchParams.get('from') ?? 0) || 0);
    return json(runCurves(run, from));
  }
  try {
    return { status: 200, type: 'image/png', body: readFileSync(join(run, match[3]!)) };
  } catch {
    return notFound;
  }
}

/** NaN and ±Infinity are not JSON: a diverged loss arrives as null. */
function json(value: unknown): Reply {
  const body = JSON.stringify(value, (_key, item) =>
    typeof item === 'number' && !Number.isFinite(item) ? null : item,
  );
  return { status: 200, type: 'application/json', body };
}

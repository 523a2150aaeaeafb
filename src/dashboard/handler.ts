import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { isOrchestratorError, type ErrorCode } from '../errors.js';
import type { TaskService } from '../core/index.js';
import { isActionName, readPlan, readSnapshot, readTask, readTaskArtifact, runAction, type ApiContext } from './api.js';
import { loadAssets, type Asset } from './assets.js';
import { LiveHub, type Delta } from './live.js';
import { readJsonBody } from '../server/node-http.js';
import { checkOrigin, DashboardSecrets, SECURITY_HEADERS, type SecuritySettings } from './security.js';

export interface DashboardDeps {
  service: TaskService;
  version: string;
  /** Checked on every request; `port` may be set once the server listens. */
  security: SecuritySettings;
  readOnly?: boolean;
  /** Who actions are recorded as, e.g. `dashboard:alice`. */
  actor: string;
  roleNames?: () => Promise<string[]>;
  /** The folder of the page's files (default: next to the built module). */
  webRoot?: string;
  onError?: (error: unknown) => void;
}

export interface DashboardHandler {
  /** Answers any request: the page, its files, the JSON routes and the live events. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Ends every live connection and stops reading the change feed. */
  close(): void;
}

const MAX_BODY_BYTES = 1024 * 1024;
const PING_MS = 15_000;
const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  CYCLE: 400,
  USAGE: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  LOCKED: 503,
};

/**
 * The web dashboard as one request handler, for `orchestrator dashboard` and for `serve --http` beside /mcp.
 * Every request is checked (Host, Origin, token) before it is routed; every action also needs the CSRF token,
 * a JSON body and a dashboard that is not read-only.
 */
export function createDashboardHandler(deps: DashboardDeps): DashboardHandler {
  const assets = loadAssets(deps.webRoot);
  const secrets = new DashboardSecrets(deps.security);
  const onError = deps.onError ?? (() => {});
  const hub = new LiveHub(deps.service, onError);
  const streams = new Set<ServerResponse>();
  const context: ApiContext = {
    service: deps.service,
    version: deps.version,
    readOnly: deps.readOnly ?? false,
    csrf: secrets.csrf,
    actor: deps.actor,
    roleNames: deps.roleNames ?? (async () => []),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const refusal = checkOrigin(req, deps.security);
    if (refusal) return text(res, refusal.status, refusal.message);
    if (!secrets.authorized(req, url)) {
      return text(res, 401, 'This dashboard needs its token: open the URL `orchestrator dashboard` printed (it ends in ?token=...).', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (url.searchParams.has('token') && req.method === 'GET') {
      // Trade the token in the address for a cookie, and take it out of the address bar and the history.
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': secrets.sessionCookie(), Location: url.pathname, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    try {
      if (url.pathname.startsWith('/api/')) return await api(req, res, url.pathname.slice('/api/'.length).split('/').map(decode));
      const asset = assets.get(url.pathname === '/' ? '/index.html' : url.pathname);
      if (!asset) return text(res, 404, 'Not found.');
      if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Only GET here.', { Allow: 'GET, HEAD' });
      return sendAsset(req, res, asset);
    } catch (error) {
      return fail(res, error);
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const [resource, id, action, extra] = parts;
    if (req.method === 'POST') {
      const name = resource === 'tasks' && id !== undefined ? action : resource === 'tasks' ? 'create' : undefined;
      if (!name || !isActionName(name) || extra !== undefined || (name === 'create' && id !== undefined))
        return error(res, 404, 'NOT_FOUND', 'No such action.');
      if (context.readOnly) return error(res, 403, 'FORBIDDEN', 'This dashboard is read-only.', 'Start it without --read-only to act on tasks.');
      if (!secrets.csrfMatches(req)) {
        return error(res, 403, 'FORBIDDEN', 'The request has no valid CSRF token.', 'Reload the page: the dashboard may have restarted.');
      }
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        return error(res, 415, 'INVALID_INPUT', 'Send the body as application/json.');
      const body = await readJsonBody(req, MAX_BODY_BYTES, {});
      if (body === undefined) return error(res, 400, 'INVALID_INPUT', 'The body is not JSON, or is larger than 1 MiB.');
      return json(req, res, 200, await runAction(context, name, id, body));
    }
    if (req.method !== 'GET') return text(res, 405, 'Use GET or POST.', { Allow: 'GET, POST' });
    if (resource === 'snapshot' && id === undefined) return json(req, res, 200, await readSnapshot(context));
    if (resource === 'events' && id === undefined) return events(req, res);
    if (resource === 'tasks' && id && action === undefined) return json(req, res, 200, await readTask(deps.service, id));
    if (resource === 'tasks' && id && action === 'artifacts' && extra) {
      const markdown = await readTaskArtifact(deps.service, id, extra);
      return send(req, res, 200, Buffer.from(markdown), 'text/plain; charset=utf-8', { 'Cache-Control': 'no-store' });
    }
    if (resource === 'plans' && id && action === undefined) return json(req, res, 200, await readPlan(deps.service, id));
    return error(res, 404, 'NOT_FOUND', 'No such route.');
  }

  /** Server-Sent Events: `delta` after every change, `reset` when the page must reload everything. */
  async function events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    streams.add(res);
    const write = (chunk: string) => {
      // A page that stops reading is dropped rather than buffered without end; it reconnects and reloads.
      if (res.writableLength > 16 * MAX_BODY_BYTES) res.destroy();
      else res.write(chunk);
    };
    let unsubscribe: (() => void) | undefined;
    let ended = false;
    // An event, not a comment: the page sees it and knows the connection is alive.
    const ping = setInterval(() => write('event: ping\ndata: {}\n\n'), PING_MS);
    const closed = () => {
      ended = true;
      clearInterval(ping);
      unsubscribe?.();
      streams.delete(res);
    };
    res.once('close', closed);
    const stop = await hub.subscribe((event, data: Delta | null) => {
      write(`${data ? `id: ${data.revision}\n` : ''}event: ${event}\ndata: ${data ? JSON.stringify(data) : '{}'}\n\n`);
    });
    if (ended) return stop();
    unsubscribe = stop;
    // Sent once the feed is read: a snapshot the page loads after this misses no change.
    write('retry: 1000\nevent: hello\ndata: {}\n\n');
  }

  function fail(res: ServerResponse, caught: unknown): void {
    if (res.headersSent) return void res.end();
    if (isOrchestratorError(caught)) return error(res, STATUS_OF[caught.code] ?? 500, caught.code, caught.message, caught.hint);
    onError(caught);
    return error(res, 500, 'INTERNAL', 'Internal error; see the log of the process serving the dashboard.');
  }

  return {
    async handle(req, res) {
      try {
        await handle(req, res);
      } catch (caught) {
        fail(res, caught);
      }
    },
    close() {
      hub.close();
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, { ...SECURITY_HEADERS, ETag: asset.etag, 'Cache-Control': 'no-cache' });
    return void res.end();
  }
  const gzip = asset.gzip && acceptsGzip(req);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': asset.type,
    'Content-Length': String((gzip ? asset.gzip! : asset.body).length),
    ETag: asset.etag,
    // Revalidated on every load, so a new version of the package is never mixed with cached files of the old one.
    'Cache-Control': 'no-cache',
    Vary: 'Accept-Encoding',
    ...(gzip && { 'Content-Encoding': 'gzip' }),
  });
  res.end(req.method === 'HEAD' ? undefined : gzip ? asset.gzip : asset.body);
}

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, type: string, headers: Record<string, string> = {}): void {
  const gzip = body.length > 1024 && acceptsGzip(req);
  const payload = gzip ? gzipSync(body) : body;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(payload.length),
    'Cache-Control': 'no-store',
    Vary: 'Accept-Encoding',
    ...(gzip && { 'Content-Encoding': 'gzip' }),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}

function json(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  send(req, res, status, Buffer.from(JSON.stringify(value)), 'application/json; charset=utf-8');
}

function error(res: ServerResponse, status: number, code: string, message: string, hint?: string): void {
  const body = Buffer.from(JSON.stringify({ error: { code, message, ...(hint && { hint }) } }));
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(body.length),
  });
  res.end(body);
}

function text(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${message}\n`);
}

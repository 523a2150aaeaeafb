import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import { locateStore } from '../core/index.js';
import { createServer, type CreatedServer, type ServerDeps } from './create-server.js';
import { DRAIN_MS, SharedState } from './connection.js';
import { countRequests, type InFlight } from './in-flight.js';
import { acceptedHosts, bearerMatches, bracketed, originAccepted } from './hosts.js';
import { readJsonBody, sendResponse, toRequest } from './node-http.js';
import { updatedUris } from './resources.js';

export interface HttpSettings {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Bearer token every request must carry; required for a host other than loopback. */
  token?: string | undefined;
  /** Extra Host header values to accept (host:port), e.g. a name the machine is reached by. */
  allowedHosts?: readonly string[];
  /** Origins (scheme://host:port) allowed to call from a browser. */
  allowedOrigins?: readonly string[];
  /**
   * Answers every path but /mcp: the one place another handler (the web dashboard) is mounted. It makes its own
   * checks (Host, Origin, token) with these same settings.
   */
  otherPaths?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export const MCP_PATH = '/mcp';
/** Sessions kept at once; past it, the one idle the longest is closed to make room. */
export const MAX_SESSIONS = 100;
const SESSION_IDLE_MS = 60 * 60 * 1000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Session {
  created: CreatedServer;
  transport: WebStandardStreamableHTTPServerTransport;
  inFlight: InFlight;
  lastSeen: number;
  /** A digest of the Authorization header that opened the session: the session id works only with it. */
  credential: string;
}

/**
 * Streamable HTTP. Protocol 2025-11-25 and older: one MCP session (and one createServer) per client, all sharing
 * this process's store access, the least recently used closed when MAX_SESSIONS are open. Protocol 2026-07-28:
 * every request stands alone, answered by a server built for it; changes reach clients on their
 * subscriptions/listen streams. Every request is checked before the SDK sees it: the path, the bearer token when
 * one is set, the Host header (DNS rebinding) and the Origin header (browsers). `settings.otherPaths` answers the
 * paths other than /mcp.
 */
export async function startHttp(deps: ServerDeps, settings: HttpSettings): Promise<RunningHttpServer> {
  const shared = SharedState.of(deps);
  // Map order is use order: a session is moved to the end whenever it is used, so the first is the least recent.
  const sessions = new Map<string, Session>();
  let port = settings.port;
  const { logger } = deps;
  const modern = createMcpHandler(() => createServer({ ...deps, shared }, { stateless: true }).server, {
    legacy: 'reject',
    onerror: (error) => logger.debug('http request refused', { error: error.message }),
  });
  const stopFollowing = followStore(deps, shared, modern);

  const http = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('http request failed', { error });
      if (!res.headersSent) reply(res, 500, 'Internal error; see the server log.');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (settings.otherPaths && new URL(req.url ?? '/', 'http://placeholder').pathname !== MCP_PATH) return settings.otherPaths(req, res);
    const refusal = checkRequest(req, settings, port);
    if (refusal) return reply(res, refusal.status, refusal.message, refusal.headers);
    const credential = digest(req.headers.authorization);
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // A session id alone is not enough: it must come with the credential that opened the session.
      if (!session || session.credential !== credential)
        return rpcError(res, 404, 'Session not found: it ended or the server restarted. Initialize a new session.', -32001);
      session.lastSeen = Date.now();
      sessions.delete(sessionId);
      sessions.set(sessionId, session);
      const body = req.method === 'POST' ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
      if (req.method === 'POST' && body === undefined)
        return rpcError(res, 400, 'The request body is not valid JSON (or is larger than 8 MiB).', -32700);
      return sendResponse(res, await session.transport.handleRequest(toRequest(req, res), { parsedBody: body }));
    }
    if (req.method !== 'POST') return rpcError(res, 400, 'No session: start one with a POST of an initialize request.');
    const body = await readJsonBody(req, MAX_BODY_BYTES);
    if (body === undefined) return rpcError(res, 400, 'The request body is not valid JSON (or is larger than 8 MiB).', -32700);
    const request = toRequest(req, res);
    if (!(await isLegacyRequest(request, body))) return sendResponse(res, await modern.fetch(request, { parsedBody: body }));
    if (!isInitializeRequest(body)) return rpcError(res, 400, 'No session: the first request must be initialize.');
    while (sessions.size >= MAX_SESSIONS) evictLeastRecent();
    const created = createServer({ ...deps, shared });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.set(id, { created, transport, inFlight, lastSeen: Date.now(), credential });
        logger.info('session started', { session: id, sessions: sessions.size });
      },
    });
    const counted = countRequests(transport);
    const { inFlight } = counted;
    transport.onclose = () => {
      if (transport.sessionId && sessions.delete(transport.sessionId)) logger.info('session ended', { session: transport.sessionId });
      created.connection.close();
    };
    await created.server.connect(counted.transport);
    await sendResponse(res, await transport.handleRequest(request, { parsedBody: body }));
  }

  function evictLeastRecent(): void {
    const [id, session] = sessions.entries().next().value as [string, Session];
    sessions.delete(id);
    logger.info('closing the least recently used session to make room', {
      session: id,
      idleSeconds: Math.round((Date.now() - session.lastSeen) / 1000),
    });
    void session.created.close();
  }

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, session] of sessions) {
      if (now - session.lastSeen > SESSION_IDLE_MS) {
        logger.info('closing idle session', { session: id });
        void session.created.close();
      }
    }
  }, 60_000);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(settings.port, settings.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  return {
    url: `http://${bracketed(settings.host)}:${port}${MCP_PATH}`,
    port,
    async close() {
      clearInterval(sweep);
      stopFollowing();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      // Requests already received are answered before their sessions close.
      await Promise.all([...sessions.values()].map((session) => session.inFlight.idle(DRAIN_MS)));
      await Promise.all([...sessions.values()].map((session) => session.created.close()));
      await modern.close();
      http.closeAllConnections();
      await closed;
    },
  };
}

/**
 * 2026-07-28 requests stand alone, so their notifications go through the handler's publisher: the changes of the
 * store this server works on (without a session, nothing else chooses one), to every listen stream that asked.
 */
function followStore(deps: ServerDeps, shared: SharedState, handler: McpHttpHandler): () => void {
  const { dir } = locateStore({ flag: deps.dataDir, env: deps.env, cwd: deps.cwd, home: deps.home });
  return shared.changes(dir).subscribe((change) => {
    if (change.listChanged) handler.notify.resourcesChanged();
    for (const uri of updatedUris(change)) handler.notify.resourceUpdated(uri);
  });
}

/** Runs until SIGINT or SIGTERM. `announce` receives the URL line for the person who started it. */
export async function runHttp(deps: ServerDeps, settings: HttpSettings, announce: (line: string) => void): Promise<void> {
  const running = await startHttp(deps, settings);
  announce(`orchestrator serve: MCP over HTTP at ${running.url}${settings.token ? ' (bearer token required)' : ''}`);
  const reason = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await running.close();
  deps.logger.info('stopped', { reason });
}

interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export function checkRequest(req: IncomingMessage, settings: HttpSettings, port: number): Refusal | null {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== MCP_PATH) return { status: 404, message: `Not found. The MCP endpoint is ${MCP_PATH}.` };
  const hosts = acceptedHosts({ ...settings, port });
  const host = req.headers.host?.toLowerCase();
  if (hosts && (!host || !hosts.has(host))) {
    return {
      status: 403,
      message: `Host "${host ?? ''}" is not accepted (DNS rebinding protection). Connect to http://127.0.0.1:${port}${MCP_PATH}, or start the server with --allowed-hosts.`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !originAccepted(origin, settings, hosts, { host, sameHostOnWildcard: false })) {
    return {
      status: 403,
      message: `Origin "${origin}" is not allowed. Start the server with --allowed-origins ${origin} to let that page call it.`,
    };
  }
  if (settings.token && !bearerMatches(req.headers.authorization, settings.token)) {
    return {
      status: 401,
      message: 'Missing or wrong bearer token: send "Authorization: Bearer <token>".',
      headers: { 'WWW-Authenticate': 'Bearer' },
    };
  }
  return null;
}

/** What a session remembers of the credential that opened it: a digest, never the token itself. */
function digest(authorization: string | undefined): string {
  return createHash('sha256')
    .update(authorization ?? '')
    .digest('hex');
}

function reply(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(`${message}\n`);
}

function rpcError(res: ServerResponse, status: number, message: string, code = -32000): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

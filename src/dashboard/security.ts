import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { acceptedHosts, bearerMatches, bracketed, originAccepted, sameSecret } from '../server/hosts.js';

export interface SecuritySettings {
  /** The address the server listens on. */
  host: string;
  /** The port it listens on (known once listening). */
  port: number;
  /** Required on every request when set: the `?token=` of the URL once, then a cookie; or a bearer header. */
  token?: string | undefined;
  /** Extra Host header values to accept (host:port). */
  allowedHosts?: readonly string[];
  /** Extra origins (scheme://host:port) whose pages may call the dashboard. */
  allowedOrigins?: readonly string[];
}

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/**
 * The headers every answer carries. The page loads only its own files: no inline script or style, nothing from
 * elsewhere, no framing (clickjacking), no referrer leaving the machine.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Keeps other sites out. The Host header must name this server (a page on another site whose name was pointed
 * at 127.0.0.1, DNS rebinding, sends its own name), and a browser's Origin must be this server's own.
 */
export function checkOrigin(req: IncomingMessage, settings: SecuritySettings): Refusal | null {
  const hosts = acceptedHosts(settings);
  const host = req.headers.host?.toLowerCase();
  if (hosts && (!host || !hosts.has(host))) {
    return {
      status: 403,
      message: `Host "${host ?? ''}" is not accepted (DNS rebinding protection). Open http://${bracketed(settings.host)}:${settings.port}/ instead.`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !originAccepted(origin, settings, hosts, { host, sameHostOnWildcard: true })) {
    return { status: 403, message: `Origin "${origin}" is not allowed to use this dashboard.` };
  }
  return null;
}

/** Secrets of one running dashboard: the CSRF token its page sends with every action and the session cookie. */
export class DashboardSecrets {
  readonly csrf: string;
  readonly #token: string | undefined;
  readonly #cookieValue: string | undefined;
  readonly #settings: Pick<SecuritySettings, 'token' | 'port'>;

  constructor(settings: Pick<SecuritySettings, 'token' | 'port'>) {
    this.#settings = settings;
    this.csrf = randomBytes(24).toString('base64url');
    this.#token = settings.token;
    // The cookie holds a digest of the token, not the token: it stays valid across restarts with the same token,
    // so an open page reconnects by itself, and reading it does not reveal the token.
    this.#cookieValue = settings.token ? createHmac('sha256', settings.token).update('orchestrator-dashboard').digest('base64url') : undefined;
  }

  /** One cookie per port: browsers share cookies between the ports of a host. */
  get cookieName(): string {
    return `orchestrator_dashboard_${this.#settings.port}`;
  }

  get tokenRequired(): boolean {
    return this.#token !== undefined;
  }

  /** Whether the request carries the token: as a bearer header, as this dashboard's cookie, or in `?token=`. */
  authorized(req: IncomingMessage, url: URL): boolean {
    if (!this.#token || !this.#cookieValue) return true;
    if (bearerMatches(req.headers.authorization, this.#token)) return true;
    const query = url.searchParams.get('token');
    if (query !== null && sameSecret(query, this.#token)) return true;
    const cookie = readCookie(req.headers.cookie, this.cookieName);
    return cookie !== undefined && sameSecret(cookie, this.#cookieValue);
  }

  /** The Set-Cookie header that lets a browser which came with `?token=` in again without it. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.#cookieValue}; Path=/; HttpOnly; SameSite=Strict`;
  }

  /** Actions must carry the CSRF token in a header: another site can neither read it nor set the header. */
  csrfMatches(req: IncomingMessage): boolean {
    const given = req.headers['x-csrf-token'];
    return typeof given === 'string' && sameSecret(given, this.csrf);
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

import { timingSafeEqual } from 'node:crypto';

// Who may call a server bound to a host: the rules the MCP endpoint and the dashboard share. Plain, so that checking
// options loads nothing heavy.

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Whether a bind address listens on every interface. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** An IPv6 address as it is written in a URL or a Host header. */
export function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export interface HostRules {
  host: string;
  port: number;
  allowedHosts?: readonly string[] | undefined;
  allowedOrigins?: readonly string[] | undefined;
}

/** The Host header values accepted, or null when any is (a wildcard bind without a list: the token protects it). */
export function acceptedHosts(rules: HostRules): Set<string> | null {
  const extra = (rules.allowedHosts ?? []).map((host) => host.toLowerCase());
  if (isWildcard(rules.host) && extra.length === 0) return null;
  const names = isLoopback(rules.host) ? ['127.0.0.1', 'localhost', '[::1]'] : isWildcard(rules.host) ? [] : [bracketed(rules.host)];
  return new Set([...names.map((name) => `${name.toLowerCase()}:${rules.port}`), ...extra]);
}

/**
 * Whether a browser's Origin may call: one listed, or this server's own host. On a wildcard bind (any Host is
 * accepted) an origin is accepted only when `sameHostOnWildcard` and it is the very host the request named.
 */
export function originAccepted(
  origin: string,
  rules: HostRules,
  hosts: Set<string> | null,
  request: { host: string | undefined; sameHostOnWildcard: boolean },
): boolean {
  if ((rules.allowedOrigins ?? []).includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const name = url.host.toLowerCase();
  if (hosts) return hosts.has(name);
  return request.sameHostOnWildcard && name === request.host;
}

/** Compares a secret in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether an Authorization header carries `Bearer <token>`. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match !== null && sameSecret(match[1]!.trim(), token);
}

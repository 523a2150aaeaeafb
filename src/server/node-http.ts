import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The SDK's HTTP transport speaks web-standard Request and Response; Node's server speaks IncomingMessage and
 * ServerResponse. These two functions carry a request across (its body is passed separately, already parsed)
 * and stream the answer back, stopping the stream when the client goes away.
 */
export function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const closed = new AbortController();
  res.once('close', () => closed.abort());
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), {
    method: req.method ?? 'GET',
    headers,
    signal: closed.signal,
  });
}

export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // Server-sent events must reach the client as they are written, not when a buffer fills.
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // The client went away or the stream was cancelled: nothing left to deliver.
  } finally {
    res.end();
  }
}

/**
 * The request body parsed as JSON; undefined when it is not JSON or is larger than `maxBytes` (reading stops
 * there). An empty body is `empty` when given, and otherwise not JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number, empty?: unknown): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '' && empty !== undefined) return empty;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

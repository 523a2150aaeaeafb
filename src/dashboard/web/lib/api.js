import { state } from './state.js';

export class ApiError extends Error {
  constructor(message, hint, status) {
    super(message);
    this.hint = hint;
    this.status = status;
  }
}

async function parse(response) {
  const type = response.headers.get('content-type') ?? '';
  if (response.ok) return type.startsWith('application/json') ? response.json() : response.text();
  if (type.startsWith('application/json')) {
    const { error } = await response.json();
    throw new ApiError(error?.message ?? `Request failed (${response.status}).`, error?.hint, response.status);
  }
  throw new ApiError((await response.text()).trim() || `Request failed (${response.status}).`, undefined, response.status);
}

export async function getJson(path) {
  return parse(await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }));
}

export async function getText(path) {
  return parse(await fetch(path, { credentials: 'same-origin' }));
}

/** An action: POST with a JSON body and the CSRF token the snapshot gave. */
export async function act(path, body = {}) {
  return parse(
    await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': state.csrf },
      body: JSON.stringify(body),
    }),
  );
}

export const taskPath = (id) => `/api/tasks/${encodeURIComponent(id)}`;

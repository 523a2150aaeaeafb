import { act, ApiError, taskPath } from './api.js';
import { refresh } from './live.js';
import { showNotice } from './state.js';

/** Runs an action and says how it went. The change itself reaches the page through the live events. */
export async function perform(path, body) {
  try {
    const result = await act(path, body);
    showNotice({ text: result.message });
    return result;
  } catch (error) {
    const hint = error instanceof ApiError ? error.hint : undefined;
    showNotice({ error: true, text: error.message, hint });
    // A refused CSRF token means the server restarted: load the new one for the next try.
    if (error instanceof ApiError && error.status === 403) void refresh();
    return null;
  }
}

export const cancelTask = (id, reason) => perform(`${taskPath(id)}/cancel`, reason ? { reason } : {});
export const resetTask = (id) => perform(`${taskPath(id)}/reset`);
export const releaseLease = (id) => perform(`${taskPath(id)}/release`);
export const createTask = (input) => perform('/api/tasks', input);

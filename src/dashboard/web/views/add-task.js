import { html, useEffect, useRef, useState } from '../lib/html.js';
import { createTask } from '../lib/actions.js';
import { state } from '../lib/state.js';

const list = (text) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

/** The form to add a task, in a modal dialog (focus stays inside; Escape closes it). */
export function AddTask({ open, onClose }) {
  const dialog = useRef(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const submit = async (event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = {
      title: String(data.get('title') ?? ''),
      description: String(data.get('description') ?? ''),
      priority: String(data.get('priority') ?? 'normal'),
      tags: list(String(data.get('tags') ?? '')),
      dependencies: list(String(data.get('dependencies') ?? '')),
    };
    const role = String(data.get('role') ?? '');
    const parentId = String(data.get('parentId') ?? '');
    if (role) input.role = role;
    if (parentId) input.parentId = parentId;
    setBusy(true);
    const result = await createTask(input);
    setBusy(false);
    if (result) {
      event.currentTarget?.reset?.();
      setError(null);
      onClose();
    } else setError(state.notice?.text ?? 'The task was not added.');
  };
  return html`<dialog ref=${dialog} class="add-task" aria-labelledby="add-title" onClose=${onClose}>
    <form method="dialog" onSubmit=${submit}>
      <h2 id="add-title">New task</h2>
      ${error ? html`<p class="error" role="alert">${error}</p>` : null}
      <label>Title <input name="title" required maxlength="500" autocomplete="off" /></label>
      <label>Description <textarea name="description" rows="4"></textarea></label>
      <div class="form-row">
        <label
          >Role
          <select name="role">
            <option value="">none</option>
            ${state.roles.map((role) => html`<option value=${role}>${role}</option>`)}
          </select>
        </label>
        <label
          >Priority
          <select name="priority">
            ${['low', 'normal', 'high', 'urgent'].map((priority) => html`<option value=${priority} selected=${priority === 'normal'}>${priority}</option>`)}
          </select>
        </label>
      </div>
      <div class="form-row">
        <label>Depends on <input name="dependencies" placeholder="t1, t2" autocomplete="off" /></label>
        <label
          >Plan
          <select name="parentId">
            <option value="">none</option>
            ${state.plans.map((plan) => html`<option value=${plan.planId}>${plan.planId} · ${plan.title}</option>`)}
          </select></label
        >
      </div>
      <label>Tags <input name="tags" placeholder="api, backend" autocomplete="off" /></label>
      <div class="dialog-buttons">
        <button type="button" onClick=${onClose}>Close</button>
        <button type="submit" class="primary" disabled=${busy}>Add task</button>
      </div>
    </form>
  </dialog>`;
}

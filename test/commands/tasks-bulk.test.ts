import { describe, expect, test } from 'vitest';
import { runBulk, selection, selectionFilter } from '../../src/commands/tasks/bulk.js';
import { testService } from '../helpers/service.js';

const actor = 'cli:test';

describe('runBulk', () => {
  test('shows the change before asking; a "no" changes nothing, a "yes" changes exactly what was shown', async () => {
    const { service, store } = testService();
    await service.create({ id: 'a', title: 'A', role: 'tester' }, actor);
    await service.create({ id: 'b', title: 'B', role: 'tester' }, actor);
    const chosen = selection([], selectionFilter({ role: 'tester' }), 'cancel');
    const revision = (await store.read()).revision;
    const shown: string[][] = [];
    const declined = await runBulk(
      { action: 'cancel', chosen, actor, force: false, dryRun: false },
      { service, confirm: async (preview) => (shown.push(preview.tasks.map((task) => `${task.id}:${task.status}`)), false) },
    );
    expect(declined).toBeNull();
    expect(shown).toEqual([['a:cancelled', 'b:cancelled']]);
    expect((await store.read()).revision).toBe(revision);
    // A task that starts matching after the preview is not touched: the change uses the ids that were shown.
    const accepted = await runBulk(
      { action: 'cancel', chosen, actor, force: false, dryRun: false },
      { service, confirm: async () => (await service.create({ id: 'c', title: 'C', role: 'tester' }, actor), true) },
    );
    expect(accepted!.tasks.map((task) => task.id)).toEqual(['a', 'b']);
    expect((await store.read()).tasks.c!.status).toBe('pending');
  });
});

import { describe, expect, test } from 'vitest';
import { claimTokenOf, MAX_REQUESTS, REQUEST_TTL_MS } from '../../src/core/index.js';
import { rejection } from '../helpers/errors.js';
import { holdLock } from '../helpers/lock-holder.js';
import { testFileService, testService } from '../helpers/service.js';

const actor = 'cli:test';

describe('claim tokens', () => {
  test('a claim returns a token that completes, fails or heartbeats the task from any worker id', async () => {
    const { service } = testService();
    await service.create({ id: 'a', title: 'A' }, actor);
    await service.create({ id: 'b', title: 'B' }, actor);
    const claimed = await service.start('a', { worker: 'agent-old-connection' });
    const token = claimTokenOf(claimed)!;
    expect(token).toMatch(/^a:1:[0-9a-z]+$/);
    // A new connection has a new default worker id; the token stands for the holder.
    expect(await service.heartbeat('a', { worker: 'agent-new-connection', claimToken: token })).toMatchObject({ assignee: 'agent-old-connection' });
    const done = await service.complete('a', { worker: 'agent-new-connection', claimToken: token, result: 'ok' });
    expect(done).toMatchObject({ status: 'completed', assignee: 'agent-old-connection', result: 'ok' });
    const b = await service.start('b', { worker: 'w1' });
    expect(await service.fail('b', { worker: 'someone-else', claimToken: claimTokenOf(b)!, error: 'x' })).toMatchObject({ status: 'failed' });
    expect(claimTokenOf((await service.get('b')).task)).toBeNull();
  });

  test('a token of a superseded claim is refused, saying the task was re-queued and who holds it now', async () => {
    const { service, clock } = testService({ leaseSeconds: 60 });
    await service.create({ id: 'a', title: 'A' }, actor);
    const first = claimTokenOf(await service.start('a', { worker: 'slow' }))!;
    clock.advance(61_000);
    const second = await service.next({ worker: 'fast' });
    expect(claimTokenOf(second!)).toMatch(/^a:2:/);
    const refused = await rejection(service.complete('a', { worker: 'slow', claimToken: first }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(
      /^The claim a:1:\w+ on task "a" \(attempt 1\) is over: the task was re-queued and is held by fast now \(attempt 2, lease until /,
    );
    expect(refused.details).toMatchObject({ status: 'in_progress', assignee: 'fast', currentClaim: claimTokenOf(second!) });
    expect((await service.get('a')).task).toMatchObject({ status: 'in_progress', assignee: 'fast' });
    await service.complete('a', { worker: 'fast' });
    expect((await rejection(service.heartbeat('a', { worker: 'fast', claimToken: claimTokenOf(second!)! }))).message).toMatch(
      /is over: the task was completed by fast/,
    );
    expect((await rejection(service.fail('a', { worker: 'x', claimToken: 'not a token', error: 'e' }))).code).toBe('INVALID_INPUT');
    expect((await rejection(service.fail('a', { worker: 'x', claimToken: 'b:1:abc', error: 'e' }))).message).toMatch(/is for task "b", not "a"/);
  });
});

describe('request ids', () => {
  test('a retried change with the same request id returns the first answer and applies nothing twice', async () => {
    const { service, store } = testService();
    const first = await service.create({ title: 'Once' }, actor, { requestId: 'req-1' });
    const revision = (await store.read()).revision;
    const again = await service.create({ title: 'Once' }, actor, { requestId: 'req-1' });
    expect(again).toEqual(first);
    expect((await service.list()).total).toBe(1);
    expect((await store.read()).revision).toBe(revision);
    await service.start(first.id, { worker: 'w' });
    const completed = await service.complete(first.id, { worker: 'w', result: 'r' }, { requestId: 'req-2' });
    expect(await service.complete(first.id, { worker: 'w', result: 'r' }, { requestId: 'req-2' })).toEqual(completed);
    expect((await rejection(service.complete(first.id, { worker: 'w' }))).code).toBe('CONFLICT');
    expect(await service.recall('req-2', 'complete')).toEqual({ result: completed });
    // The same id for another operation is a mistake, not a retry.
    const misuse = await rejection(service.update(first.id, { title: 'x' }, actor, { requestId: 'req-1' }));
    expect(misuse).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/already used for another call \(create/) });
    expect((await rejection(service.create({ title: 'x' }, actor, { requestId: 'has space' }))).code).toBe('INVALID_INPUT');
  });

  test('answers expire, and at most MAX_REQUESTS are kept', async () => {
    const { service, store, clock } = testService();
    await service.create({ title: 'A' }, actor, { requestId: 'old' });
    clock.advance(REQUEST_TTL_MS + 1);
    expect(await service.recall('old', 'create')).toBeUndefined();
    await service.create({ title: 'B' }, actor, { requestId: 'new' });
    expect(Object.keys((await store.read()).requests)).toEqual(['new']);
    expect(MAX_REQUESTS).toBeGreaterThanOrEqual(100);
  });
});

describe('cancellation and waiting', () => {
  test('a call cancelled before it runs changes nothing; one cancelled while it waits for the lock neither', async () => {
    // The file store's lock, held by another process.
    const { service, store } = testFileService();
    await service.create({ id: 'a', title: 'A' }, actor);
    const before = await store.read();
    const aborted = AbortSignal.abort();
    expect((await rejection(service.next({ worker: 'w' }, { signal: aborted }))).code).toBe('CANCELLED');
    expect(await store.read()).toBe(before);

    const holder = await holdLock(store.file);
    const controller = new AbortController();
    const waits: Array<{ waitedMs: number; holder?: { pid: number } | undefined }> = [];
    const claim = service.next({ worker: 'w' }, { signal: controller.signal, onWait: (wait) => waits.push(wait) });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toMatchObject({ waitedMs: expect.any(Number), holder: { pid: holder.pid } });
    controller.abort();
    const refused = await rejection(claim);
    await holder.kill();
    expect(refused.code).toBe('CANCELLED');
    expect((await service.get('a')).task).toMatchObject({ status: 'pending', assignee: null });
  }, 20_000);
});

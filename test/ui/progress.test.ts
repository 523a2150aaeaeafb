import { describe, expect, test, vi } from 'vitest';
import { createProgress } from '../../src/ui/progress.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => (written.push(text), true) };
}

describe('progress', () => {
  test('writes nothing at all when stderr is not a terminal', () => {
    const target = stream(false);
    const progress = createProgress(target);
    progress.update('Store…');
    progress.stop();
    expect(target.written).toEqual([]);
  });

  test('on a terminal, spins on one line and clears it when done', () => {
    vi.useFakeTimers();
    try {
      const target = stream(true);
      const progress = createProgress(target);
      progress.update('Store…');
      vi.advanceTimersByTime(240);
      progress.update('Locks…');
      progress.stop();
      vi.advanceTimersByTime(1000);
      expect(target.written.length).toBe(6);
      expect(target.written.slice(0, 4).every((text) => text.startsWith('\r\x1b[2K') && text.endsWith('Store…'))).toBe(true);
      expect(target.written[4]).toMatch(/Locks…$/);
      expect(target.written.at(-1)).toBe('\r\x1b[2K');
    } finally {
      vi.useRealTimers();
    }
  });
});

/**
 * Work a process started after answering (folding the journal into a snapshot) and should finish before it
 * exits. The command line awaits `settleBackground()` before exiting; a long-running server never needs to.
 */
const pending = new Set<Promise<unknown>>();

export function track(work: Promise<unknown>): void {
  pending.add(work);
  void work.finally(() => pending.delete(work));
}

export async function settleBackground(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

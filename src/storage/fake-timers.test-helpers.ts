/**
 * For tests of the storage calls that give up after a while (the model store's open, its service
 * worker commands, the registry fetch): run fake timers to the limit and expect the refusal.
 * Test-only; the test turns fake timers on first.
 */
import { expect, vi } from 'vitest';

/** Moves fake timers `ms` ahead and expects `pending` to have rejected, matching `refusal`, by then. */
export async function rejectsAfter(pending: Promise<unknown>, ms: number, refusal: object): Promise<void> {
  const failed = expect(pending).rejects.toMatchObject(refusal);
  await vi.advanceTimersByTimeAsync(ms);
  await failed;
}

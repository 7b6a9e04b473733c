/**
 * Stopping calls: every call that does work carries a call id, and `abort(callId)` (a model
 * call) reaches it whether it arrives before the call, during it, or between two model runs.
 */

/** Long calls that stop mid-way (translation, transcription), so abort() reaches them at once. */
const cancellers = new Map<number, AbortController>();
/** Calls aborted before they started, or between two steps of a step-by-step call. */
const aborted = new Set<number>();

export function abortError(): DOMException {
  return new DOMException('The call was cancelled.', 'AbortError');
}

/** Stops `callId`: at once when it registered a canceller, else at its next check. */
export function abortCall(callId: number): void {
  const canceller = cancellers.get(callId);
  if (canceller) canceller.abort();
  else aborted.add(callId);
}

/** True (once) when `callId` was aborted since it was last asked: the call stops there. */
export function takeAborted(callId: number): boolean {
  return aborted.delete(callId);
}

/** Throws the AbortError when `callId` was aborted (without clearing it). */
export function throwIfAborted(callId: number): void {
  if (aborted.has(callId)) throw abortError();
}

/**
 * Runs a long call that `abort(callId)` can stop, even when the abort arrived first (the page
 * may cancel before the call reaches the worker).
 */
export async function cancellable<T>(callId: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  cancellers.set(callId, controller);
  if (aborted.delete(callId)) controller.abort();
  try {
    return await run(controller.signal);
  } finally {
    cancellers.delete(callId);
  }
}

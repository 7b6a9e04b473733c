/**
 * The worker's one table of what the page has loaded (tfjs models, ONNX sessions, translators,
 * transcribers), by the handle the page holds. Each kind names itself for the one "not loaded"
 * error (a restarted worker has an empty table; the page loads again, see ModelHandle in
 * src/runtime/inference-client.ts) and says how its values are released.
 */

/** One kind of loaded thing: what the page calls it, and how to free one. */
export interface HandleKind<T> {
  /** In errors: "Model 3 is not loaded…", "Translator 3 is not loaded…". */
  readonly noun: string;
  release(value: T): unknown;
}

interface Entry {
  kind: HandleKind<never>;
  value: unknown;
}

const entries = new Map<number, Entry>();
let next = 1;

/** Keeps `value` under a new handle. */
export function addHandle<T>(kind: HandleKind<T>, value: T): number {
  const handle = next++;
  entries.set(handle, { kind: kind as HandleKind<never>, value });
  return handle;
}

/** What `handle` holds when it is of `kind`, else undefined. */
export function findHandle<T>(handle: number, kind: HandleKind<T>): T | undefined {
  const entry = entries.get(handle);
  return entry && entry.kind === (kind as HandleKind<never>) ? (entry.value as T) : undefined;
}

/** What `handle` holds; throws the page's "load it again" error when it holds no `kind`. */
export function getHandle<T>(handle: number, kind: HandleKind<T>): T {
  const value = findHandle(handle, kind);
  if (value === undefined)
    throw new Error(
      `${kind.noun} ${handle} is not loaded in this worker (it may have restarted). Load it again.`,
    );
  return value;
}

/** Puts another value of the same kind under `handle` (a session made again on another backend). */
export function replaceHandle<T>(handle: number, kind: HandleKind<T>, value: T): void {
  if (findHandle(handle, kind) === undefined) throw new Error(`${kind.noun} ${handle} is not loaded.`);
  entries.set(handle, { kind: kind as HandleKind<never>, value });
}

/** Every value of `kind`, oldest first. */
export function handlesOf<T>(kind: HandleKind<T>): T[] {
  return [...entries.values()].filter((e) => e.kind === (kind as HandleKind<never>)).map((e) => e.value as T);
}

/** Every handle the table holds, oldest first, with its kind's noun: what this worker keeps alive. */
export function heldHandles(): { handle: number; noun: string }[] {
  return [...entries].map(([handle, entry]) => ({ handle, noun: entry.kind.noun }));
}

/** Forgets `handle` and releases what it held, of whatever kind; an unknown handle is no error. */
export async function releaseHandle(handle: number): Promise<void> {
  const entry = entries.get(handle);
  if (!entry) return;
  entries.delete(handle);
  await (entry.kind as HandleKind<unknown>).release(entry.value);
}

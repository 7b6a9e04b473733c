/**
 * Keeps AppError's code and details across the worker boundary. Comlink turns thrown errors
 * into plain Errors (message and name only); the UI needs the code to pick its message.
 * Both sides install this on Comlink's `transferHandlers` map (passed in, so this file stays
 * free of libraries).
 */
import { AppError, type AppErrorData } from './errors';

interface ThrowHandler {
  canHandle(value: unknown): boolean;
  serialize(value: { value: unknown }): [unknown, Transferable[]];
  deserialize(value: unknown): unknown;
}

const APP_ERROR_KEY = '__offgridAppError';

/** Replaces Comlink's 'throw' handler with one that round-trips AppError. */
export function preserveAppErrors(handlers: Map<string, unknown>): void {
  const fallback = handlers.get('throw') as ThrowHandler | undefined;
  if (!fallback || (fallback as { [APP_ERROR_KEY]?: true })[APP_ERROR_KEY]) return;
  const handler: ThrowHandler & { [APP_ERROR_KEY]: true } = {
    [APP_ERROR_KEY]: true,
    canHandle: (value) => fallback.canHandle(value),
    serialize(thrown) {
      if (thrown.value instanceof AppError)
        return [{ isError: false, value: { [APP_ERROR_KEY]: thrown.value.toJSON() } }, []];
      return fallback.serialize(thrown);
    },
    deserialize(serialized) {
      const data = (serialized as { value?: Record<string, AppErrorData> }).value?.[APP_ERROR_KEY];
      if (data) throw AppError.from(data);
      return fallback.deserialize(serialized);
    },
  };
  handlers.set('throw', handler);
}

/**
 * Fetch for model files that keeps the model store's own error. The service worker answers a
 * file it cannot provide with an `X-Offgrid-Error` response whose JSON body is the AppError
 * ("not stored, and the device is offline", "not enough storage space"); that is what the
 * person should read, not the HTTP status a model loader would report.
 */
import { AppError, ERROR_CODES, type AppErrorData } from '../shared/errors';
import { MODEL_ERROR_HEADER } from '../shared/model-store-protocol';

function isAppErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Partial<AppErrorData>;
  return typeof code === 'string' && code in ERROR_CODES && typeof message === 'string';
}

/** Like fetch, but a model-store error response rejects with that AppError. */
export async function fetchModelFile(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  const code = response.headers.get(MODEL_ERROR_HEADER);
  if (response.ok || code === null) return response;
  const body: unknown = await response.json().catch(() => null);
  if (isAppErrorData(body)) throw AppError.from(body);
  throw new AppError('storage/failed', `The model store could not provide ${String(input)} (${code}).`);
}

/** True for a failure to get a model's files (so another backend would fail the same way). */
export function isModelFetchError(error: unknown): boolean {
  if (error instanceof AppError) return error.code.startsWith('model/') || error.code === 'storage/failed';
  return error instanceof Error && /fetch|status|Request to/i.test(error.message);
}

/**
 * What the download tests (download.test.ts, download-checks.test.ts) share: a model file of
 * patterned bytes with the registry entry that names it, and the AppError a refused download
 * ends in. Test-only.
 */
import { expect } from 'vitest';
import { AppError } from '../../shared/errors';
import type { FileToFetch } from './download';

/** A model file's bytes and its registry entry. */
export interface TestModelFile {
  body: Uint8Array;
  file: FileToFetch;
}

/**
 * `bytes` bytes of the pattern (i × step + offset) mod `modulus`, and their entry; the SHA-256 is
 * WebCrypto's, not the hash-wasm the download checks with.
 */
export async function patternedFile(
  bytes: number,
  step: number,
  offset: number,
  modulus: number,
): Promise<TestModelFile> {
  const body = new Uint8Array(bytes).map((_, i) => (i * step + offset) % modulus);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return { body, file: { url: 'https://models.test/m.bin', bytes, sha256 } };
}

/** The AppError `promise` rejects with; the test fails when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

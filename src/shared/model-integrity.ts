/**
 * What a model file must be (its size and SHA-256 in the registry), and the typed errors for a
 * file that is not. The model store and the inference worker check bytes against the same
 * registry entries and refuse a bad file with the same words.
 */
import { AppError } from './errors';

/** A model file as the registry pins it. */
export interface ExpectedFile {
  url: string;
  bytes: number;
  sha256: string;
}

/** An error status from the host, for a file that was expected to arrive. */
export function httpError(file: ExpectedFile, status: number, statusText = ''): AppError {
  return new AppError(
    'model/http-error',
    `The model host answered ${status}${statusText ? ` ${statusText}` : ''} for ${file.url}. Check the model host in Settings, then retry.`,
    { status },
  );
}

/** More bytes arrived than the registry lists. */
export function oversizeError(file: ExpectedFile): AppError {
  return new AppError(
    'model/size-mismatch',
    `The model host sent more than the expected ${file.bytes} bytes for ${file.url}. Nothing was stored.`,
    { expected: file.bytes },
  );
}

/** The body ended at another size than the registry lists. */
export function sizeMismatchError(file: ExpectedFile, received: number): AppError {
  return new AppError(
    'model/size-mismatch',
    `The model host sent ${received} bytes for ${file.url}, but the registry expects ${file.bytes}. Nothing was stored.`,
    { expected: file.bytes, received },
  );
}

/** The bytes' SHA-256 is not the registry's. */
export function hashMismatchError(file: ExpectedFile, actual: string): AppError {
  return new AppError(
    'model/hash-mismatch',
    `The downloaded file ${file.url} failed its SHA-256 check (the file on the host differs from the one this app was built for). Nothing was stored.`,
    { expected: file.sha256, actual },
  );
}

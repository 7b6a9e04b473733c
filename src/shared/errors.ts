/**
 * Typed errors: a stable `code` for programs and tests, a message a person can act on.
 * Cancellation stays a DOMException named AbortError, which only the UI edge swallows.
 */

export const ERROR_CODES = {
  'model/http-error': 'The model host answered with an error.',
  'model/not-a-model': 'The model host sent a web page instead of the model file.',
  'model/size-mismatch': 'The downloaded file has the wrong size.',
  'model/hash-mismatch': 'The downloaded file failed its SHA-256 check.',
  'model/network': 'The download was interrupted.',
  'model/quota-exceeded': 'There is not enough storage space for this model.',
  'model/unlisted-host': 'This model comes from a host that is not allowed.',
  'model/unknown': 'This model is not in the registry.',
  'model/offline': 'This model is not stored on this device, and the device is offline.',
  'storage/failed': 'The browser refused to store data.',
  'worker/crashed': 'The inference worker stopped unexpectedly and was restarted.',
  'worker/hung': 'The inference worker stopped answering and was restarted.',
  'worker/terminated': 'The inference worker was closed before it answered.',
  'worker/failed': 'The model could not run.',
  'image/empty': 'This file is empty.',
  'image/unreadable': 'This file is not an image this browser can read.',
  'image/too-large': 'This image is too large to open on this device.',
  'audio/empty': 'This audio file is empty.',
  'audio/unreadable': 'This file is not audio this browser can read.',
  'audio/unsupported': 'This kind of WAV file cannot be read.',
  'audio/too-large': 'This audio file is too large to decode on this device.',
  'camera/denied': 'Camera access was denied.',
  'camera/not-found': 'No camera was found.',
  'camera/busy': 'The camera is in use by another app.',
  'camera/unsupported': 'This browser cannot use a camera here.',
  'camera/failed': 'The camera could not start.',
  'mic/denied': 'Microphone access was denied.',
  'mic/not-found': 'No microphone was found.',
  'mic/busy': 'The microphone is in use by another app.',
  'mic/unsupported': 'This browser cannot use a microphone here.',
  'mic/failed': 'The microphone could not start.',
  'journal/invalid-import': 'This file is not a journal export Offgrid can read.',
  'journal/invalid-entry': 'This journal entry is not valid.',
  'security/untrusted-script':
    'Offgrid refused to start a script from another origin: it runs only its own code.',
  'security/webrtc-disabled':
    'WebRTC is turned off in Offgrid: nothing on this device may connect to another peer.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Plain-data form of an AppError, safe to post between contexts or send as JSON. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  details?: Record<string, string | number | boolean>;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    readonly details: Record<string, string | number | boolean> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): AppErrorData {
    return { code: this.code, message: this.message, details: this.details };
  }

  static from(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.details ?? {});
  }
}

/** True for the AbortError a cancelled call rejects with. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** What a thrown value says: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

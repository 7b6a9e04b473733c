/** Saving a file the page made: no server involved, the bytes never leave the device. */

/** Long enough for the browser to start reading the blob; then its memory is let go. */
const REVOKE_AFTER_MS = 60_000;

/** Offers `blob` as a download named `fileName`, through an object URL and `<a download>`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

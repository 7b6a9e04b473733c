import { AppError } from '../../shared/errors';
import { rewriteToHost } from '../../shared/model-hosts';
import type { ModelFile } from '../../shared/model-registry';

/** Resolves a file's download URL: bundled files on our origin, remote ones on the configured host. */
export function resolveUrl(file: ModelFile, host: string, origin: string): string {
  if (file.url.startsWith('/')) return new URL(file.url, origin).href;
  const rewritten = rewriteToHost(file.url, host);
  if (!rewritten) {
    throw new AppError(
      'model/unlisted-host',
      `Refused to download ${file.url}: its host is not the model host set in Settings (${host}).`,
      { url: file.url },
    );
  }
  return rewritten;
}

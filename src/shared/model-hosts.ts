/**
 * Model hosts: where remote model files are fetched from. The registry names files by their
 * canonical Hugging Face URL; an organisation can point the app at its own mirror with the
 * same `<repo>/resolve/<revision>/<path>` layout, set in Settings.
 */

/** The canonical host the registry's remote URLs use. */
export const DEFAULT_MODEL_HOST = 'https://huggingface.co';

/** The registry's path in every build; precached with the app shell. */
export const REGISTRY_PATH = '/models/registry.json';

/** Settings key under which the configured model host is stored (model database). */
export const MODEL_HOST_SETTING = 'modelHost';

/**
 * Checks a host a user typed: an https origin (or http on localhost, for a mirror on this
 * machine), optionally with a path prefix. Returns it normalised without a trailing slash.
 * @throws TypeError with a message fit for the Settings form.
 */
export function normaliseModelHost(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new TypeError(
      'Enter a full address, such as https://huggingface.co or https://models.example.org/hf.',
    );
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new TypeError('The model host must use https:// (http:// is allowed only for localhost).');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TypeError('The model host is a plain address: no query, fragment or credentials.');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Maps a canonical registry URL onto the configured host; null when the URL is on another host. */
export function rewriteToHost(canonicalUrl: string, host: string): string | null {
  const prefix = `${DEFAULT_MODEL_HOST}/`;
  if (!canonicalUrl.startsWith(prefix)) return null;
  return `${host}/${canonicalUrl.slice(prefix.length)}`;
}

/**
 * Same-origin path under which pages and workers request remote model files: the service
 * worker answers it from the model store (downloading from the configured host when a file is
 * not stored yet). Requests stay same-origin, so neither the page's nor a worker's CSP and
 * cross-origin isolation have to admit the model host.
 */
export const REMOTE_ALIAS_PREFIX = '/models/remote/';

/** The same-origin alias of a canonical registry URL; null when the URL is not on the canonical host. */
export function remoteAlias(canonicalUrl: string, origin: string): string | null {
  const prefix = `${DEFAULT_MODEL_HOST}/`;
  if (!canonicalUrl.startsWith(prefix)) return null;
  return `${origin}${REMOTE_ALIAS_PREFIX}${canonicalUrl.slice(prefix.length)}`;
}

/** The origin a configured host lives on, for CSP connect-src and request routing. */
export function hostOrigin(host: string): string {
  return new URL(host).origin;
}

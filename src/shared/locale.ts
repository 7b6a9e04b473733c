/** The locale used when the browser reports one that Intl cannot take. */
export const FALLBACK_LOCALE = 'en';

/** POSIX's own locales, which name no language. */
const POSIX_LOCALES = new Set(['c', 'posix']);

/**
 * `tag` as a canonical BCP 47 locale, or `fallback` when it is not one. Browsers started under a
 * POSIX locale can report it as navigator.language (WebKitGTK with LANG=C does), and
 * `new Intl.NumberFormat(tag)` throws a RangeError for `C` or `en_US.UTF-8`. A POSIX name with a
 * language keeps it (`de_DE.UTF-8@euro` gives `de-DE`); `C` and `POSIX` give `fallback`.
 */
export function validLocale(tag: unknown, fallback: string = FALLBACK_LOCALE): string {
  if (typeof tag !== 'string') return fallback;
  const posix = /^([^.@]*)[.@]?/.exec(tag)![1]!.replace(/_/g, '-');
  if (posix === '' || POSIX_LOCALES.has(posix.toLowerCase())) return fallback;
  try {
    return Intl.getCanonicalLocales(posix)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/**
 * Makes `nav.language` a valid locale when it is not: libraries that build an Intl formatter from
 * it while their module loads (uPlot does) would otherwise throw before the page can render.
 * Shadows the getter on this one object only; a valid language is left alone. Returns the
 * language in force afterwards.
 */
export function guardNavigatorLanguage(nav: { readonly language: string }): string {
  const valid = validLocale(nav.language);
  if (valid !== nav.language) {
    Object.defineProperty(nav, 'language', { configurable: true, enumerable: true, get: () => valid });
  }
  return nav.language;
}

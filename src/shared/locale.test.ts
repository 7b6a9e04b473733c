import { describe, expect, it } from 'vitest';
import { FALLBACK_LOCALE, guardNavigatorLanguage, validLocale } from './locale';

describe('validLocale', () => {
  it('keeps valid BCP 47 tags, canonicalised', () => {
    expect(validLocale('en-US')).toBe('en-US');
    expect(validLocale('de')).toBe('de');
    expect(validLocale('EN-gb')).toBe('en-GB');
    expect(validLocale('zh-Hant-TW')).toBe('zh-Hant-TW');
  });

  it.each([
    ['en_US', 'en-US'],
    ['en_US.UTF-8', 'en-US'],
    ['de_DE.UTF-8@euro', 'de-DE'],
    ['pt_BR', 'pt-BR'],
  ])('reads the language of the POSIX locale %j', (tag, locale) => {
    expect(validLocale(tag)).toBe(locale);
  });

  it.each([['C'], ['c'], ['C.UTF-8'], ['POSIX'], [''], ['-'], ['en-'], ['*'], ['x_y_z']])(
    'falls back for the POSIX-only or broken tag %j',
    (tag) => {
      expect(validLocale(tag)).toBe(FALLBACK_LOCALE);
      // The point of the helper: whatever it returns, a formatter can be built from it.
      expect(() => new Intl.NumberFormat(validLocale(tag))).not.toThrow();
    },
  );

  it('falls back for values that are not strings', () => {
    expect(validLocale(undefined)).toBe(FALLBACK_LOCALE);
    expect(validLocale(null)).toBe(FALLBACK_LOCALE);
    expect(validLocale(42)).toBe(FALLBACK_LOCALE);
  });

  it('takes another fallback', () => {
    expect(validLocale('C', 'en-US')).toBe('en-US');
  });

  it('agrees with Intl about what throws', () => {
    expect(() => new Intl.NumberFormat('C')).toThrow(RangeError);
    expect(() => new Intl.NumberFormat(validLocale('C'))).not.toThrow();
  });
});

describe('guardNavigatorLanguage', () => {
  it('replaces an invalid language with the fallback', () => {
    const nav = { language: 'C' };
    expect(guardNavigatorLanguage(nav)).toBe(FALLBACK_LOCALE);
    expect(nav.language).toBe(FALLBACK_LOCALE);
  });

  it('shadows a getter on the prototype, the way Navigator defines language', () => {
    class FakeNavigator {
      get language() {
        return 'en_US.UTF-8';
      }
    }
    const nav = new FakeNavigator();
    guardNavigatorLanguage(nav);
    expect(nav.language).toBe('en-US');
    expect(new FakeNavigator().language).toBe('en_US.UTF-8');
  });

  it('leaves a valid language as it is', () => {
    const nav = { language: 'fr-CA' };
    expect(guardNavigatorLanguage(nav)).toBe('fr-CA');
    expect(Object.getOwnPropertyDescriptor(nav, 'language')?.value).toBe('fr-CA');
  });
});

import { describe, expect, it } from 'vitest';
import { installRoute, isAppleMobile, isMacSafari, storageExpiry, type InstallEnvironment } from './install';

const UA = {
  iPhoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  iPhoneChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  iPadOld:
    'Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1',
  // iPadOS 13+ and Safari on a Mac send the same user agent; only touch points tell them apart.
  macSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  macChrome:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  macFirefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  linuxWebKit:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
} as const;

const env = (overrides: Partial<InstallEnvironment>): InstallEnvironment => ({
  userAgent: UA.iPhoneSafari,
  platform: 'iPhone',
  maxTouchPoints: 5,
  standalone: false,
  installPromptSupported: false,
  ...overrides,
});

const iPhone = env({});
const iPad = env({ userAgent: UA.macSafari, platform: 'MacIntel', maxTouchPoints: 5 });
const mac = env({ userAgent: UA.macSafari, platform: 'MacIntel', maxTouchPoints: 0 });
const macChrome = env({
  userAgent: UA.macChrome,
  platform: 'MacIntel',
  maxTouchPoints: 0,
  installPromptSupported: true,
});
const android = env({ userAgent: UA.androidChrome, platform: 'Linux armv8l', installPromptSupported: true });
const linuxWebKit = env({ userAgent: UA.linuxWebKit, platform: 'Linux x86_64', maxTouchPoints: 0 });

describe('isAppleMobile', () => {
  it.each([
    ['an iPhone', iPhone],
    ['Chrome on an iPhone', env({ userAgent: UA.iPhoneChrome })],
    ['an iPad that says so', env({ userAgent: UA.iPadOld, platform: 'iPad' })],
    ['an iPad that says it is a Mac', iPad],
  ])('is true for %s', (_name, device) => {
    expect(isAppleMobile(device)).toBe(true);
  });

  it.each([
    ['a Mac', mac],
    ['Chrome on a Mac', macChrome],
    ['Android', android],
    ['WebKitGTK on Linux', linuxWebKit],
  ])('is false for %s', (_name, device) => {
    expect(isAppleMobile(device)).toBe(false);
  });
});

describe('isMacSafari', () => {
  it('tells Safari on a Mac from other Mac browsers and from an iPad', () => {
    expect(isMacSafari(mac)).toBe(true);
    expect(isMacSafari(macChrome)).toBe(false);
    expect(isMacSafari(env({ userAgent: UA.macFirefox, platform: 'MacIntel', maxTouchPoints: 0 }))).toBe(
      false,
    );
    expect(isMacSafari(iPad)).toBe(false);
    expect(isMacSafari(linuxWebKit)).toBe(false);
  });
});

describe('installRoute', () => {
  it('sends iPhone and iPad users to the Share sheet', () => {
    expect(installRoute(iPhone)).toBe('share-sheet');
    expect(installRoute(iPad)).toBe('share-sheet');
    expect(installRoute(env({ userAgent: UA.iPhoneChrome }))).toBe('share-sheet');
  });

  it('says nothing once the app runs from the Home Screen', () => {
    expect(installRoute(env({ standalone: true }))).toBe('installed');
    expect(installRoute({ ...android, standalone: true })).toBe('installed');
  });

  it('leaves browsers with an install prompt, or their own menu, to it', () => {
    expect(installRoute(android)).toBe('browser');
    expect(installRoute(macChrome)).toBe('browser');
    expect(installRoute(mac)).toBe('browser');
    expect(installRoute(linuxWebKit)).toBe('browser');
    // An iOS browser that ever fires beforeinstallprompt gets the prompt instead of the hint.
    expect(installRoute(env({ installPromptSupported: true }))).toBe('browser');
  });
});

describe('storageExpiry', () => {
  it('warns on iPhone, iPad and Safari on a Mac, not when installed', () => {
    expect(storageExpiry(iPhone)).toBe('ios');
    expect(storageExpiry(iPad)).toBe('ios');
    expect(storageExpiry(mac)).toBe('mac');
    expect(storageExpiry(env({ standalone: true }))).toBeNull();
  });

  it('does not warn in browsers without that policy', () => {
    expect(storageExpiry(android)).toBeNull();
    expect(storageExpiry(macChrome)).toBeNull();
    expect(storageExpiry(linuxWebKit)).toBeNull();
  });
});

/**
 * Firefox (Debian's firefox-esr, over WebDriver BiDi: no geckodriver) and, for side-by-side
 * numbers, Chromium (over CDP), both driven by puppeteer-core. Firefox's fake camera and
 * microphone are the `media.navigator.streams.fake` pref.
 */
import { existsSync, writeFileSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { EngineClosedError, type EnginePage } from './engine-page';

const HOW_TO_GET_IT =
  'The Firefox tests need Debian’s Firefox ESR: sudo apt-get install -y firefox-esr (or set FIREFOX_PATH).';

export function findFirefox(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error(HOW_TO_GET_IT);
  return found;
}

/**
 * Chromium through the same page API, for side-by-side numbers with the other engines
 * (ENGINES_CHROMIUM=1 adds the project; Chromium's own suite is tests/e2e).
 */
export async function launchChromium(executablePath: string, args: readonly string[]): Promise<EnginePage> {
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath,
    headless: true,
    args: [...args],
  });
  const page = await browser.newPage();
  return new PuppeteerPage('chromium', browser, page, await browser.version());
}

export async function launchFirefox(): Promise<EnginePage> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // No network but localhost here: keep Firefox from phoning home.
      'app.update.enabled': false,
      'browser.safebrowsing.downloads.remote.enabled': false,
    },
  });
  const page = await browser.newPage();
  return new PuppeteerPage('firefox', browser, page, await browser.version());
}

class PuppeteerPage implements EnginePage {
  constructor(
    readonly engine: 'firefox' | 'chromium',
    private readonly browser: Browser,
    private readonly page: Page,
    readonly version: string,
  ) {}

  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  }

  async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    try {
      const result = await this.page.evaluate(
        `(async () => (${fn.toString()})(${JSON.stringify(arg ?? null)}))()`,
      );
      return result as R;
    } catch (error) {
      if (!this.browser.connected) {
        const exit = this.browser.process()?.exitCode ?? this.browser.process()?.signalCode;
        throw new EngineClosedError(
          `${this.engine} disconnected (process exit: ${exit ?? 'unknown'}): ${String(error)}`,
        );
      }
      throw error;
    }
  }

  async setViewport(width: number, height: number): Promise<void> {
    await this.page.setViewport({ width, height });
  }

  async screenshot(path: string): Promise<void> {
    const png = await this.page.screenshot({ fullPage: true, type: 'png' });
    writeFileSync(path, png);
  }

  processIds(): number[] {
    const pid = this.browser.process()?.pid;
    return pid ? [pid] : [];
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

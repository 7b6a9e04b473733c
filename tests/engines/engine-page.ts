/**
 * One small page API over the two engines Playwright cannot drive here: WebKit (WebKitGTK's
 * MiniBrowser through WebKitWebDriver, W3C WebDriver) and Firefox (puppeteer-core over WebDriver
 * BiDi). The journeys in this folder speak only to this interface, so each runs unchanged in both.
 */

export type EngineName = 'webkit' | 'firefox' | 'chromium';

export interface EnginePage {
  readonly engine: EngineName;
  /** Browser version as the driver reports it. */
  readonly version: string;
  /** Opens an absolute URL and waits for its load event. */
  goto(url: string): Promise<void>;
  /**
   * Runs `fn(arg)` in the page and returns its (JSON-serialisable) result. `fn` must be
   * self-contained: it is sent as source text, like Playwright's page.evaluate.
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Sets the page's viewport (the CSS pixels the app lays out in). */
  setViewport(width: number, height: number): Promise<void>;
  /** Saves a PNG of the whole page. */
  screenshot(path: string): Promise<void>;
  /** PIDs of the engine's processes, for memory sampling. */
  processIds(): number[];
  /** The last lines the engine and its driver printed, for a failed test's attachments. */
  engineLog?(): string;
  close(): Promise<void>;
}

/**
 * The browser itself is gone (it crashed or its driver lost it): no later call can succeed, so
 * waits stop at once instead of polling until their timeout.
 */
export class EngineClosedError extends Error {
  override readonly name = 'EngineClosedError';
  static readonly PREFIX = 'The engine closed under the test';

  constructor(detail: string) {
    super(`${EngineClosedError.PREFIX}: ${detail}`);
  }
}

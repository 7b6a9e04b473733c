/**
 * WebKit through Debian's WebKitGTK: WebKitWebDriver starts MiniBrowser (`--automation`) on a
 * private Xvfb display. WebKitGTK 2.50 has the WebCore and JavaScriptCore of Safari 26.
 *
 * Two profiles:
 * - `webkit`: WebKitGTK's own defaults (no MediaStreamTrackProcessor anywhere, no WebGL in
 *   workers): the app's page-side camera pump.
 * - `safari`: the features Safari 26 turns on by default and WebKitGTK leaves off
 *   (MediaStreamTrackProcessor in dedicated workers, WebGL in workers): the app's
 *   transferred-track camera path.
 * The mock camera (`--enable-mock-capture-devices`) needs no permission prompt in automation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { EngineClosedError, type EnginePage } from './engine-page';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const DRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';

/** The runtime features Safari 26 enables by default that WebKitGTK 2.50 does not. */
export const SAFARI_FEATURES = ['+MediaStreamTrackProcessing', '+AllowWebGLInWorkers'];

const HOW_TO_GET_IT =
  'The WebKit tests need Debian’s WebKitGTK driver and Xvfb: sudo apt-get install -y webkit2gtk-driver xvfb';

/** A TCP port nothing listens on. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

interface WebDriverError {
  error: string;
  message: string;
}

/** The last lines a child process printed (WebKitWebDriver passes on MiniBrowser's output). */
class OutputTail {
  private lines: string[] = [];
  exit = '';

  constructor(child: ChildProcess, name: string) {
    const keep = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      this.exit = `${name} exited (${signal ?? `code ${code}`})`;
    });
  }

  text(): string {
    return [...this.lines, this.exit].filter(Boolean).join('\n');
  }
}

class WebDriverSession {
  constructor(
    private readonly base: string,
    readonly id: string,
    private readonly output: OutputTail,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { value: T | WebDriverError };
    const value = json.value as WebDriverError;
    if (value?.error === 'invalid session id') {
      const said = this.output.text().split('\n').slice(-8).join(' | ');
      throw new EngineClosedError(
        `WebDriver ${method} ${path} says the WebKit session is gone; the driver and browser printed: ${said || 'nothing'}`,
      );
    }
    if (value && typeof value === 'object' && 'error' in value && typeof value.error === 'string')
      throw new Error(`WebDriver ${method} ${path}: ${value.error}: ${value.message}`);
    return json.value as T;
  }
}

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session. */
export async function launchWebKit(
  profile: 'webkit' | 'safari',
  /** The process locale; `C.UTF-8` makes WebKitGTK report navigator.language as "C". */
  lang = 'en_US.UTF-8',
): Promise<EnginePage> {
  for (const file of [MINIBROWSER, DRIVER, XVFB]) if (!existsSync(file)) throw new Error(HOW_TO_GET_IT);
  const children: ChildProcess[] = [];
  const stopAll = () => children.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', stopAll);
  try {
    // Displays from :150 up, one per launch; Xvfb refuses a taken one, so try the next.
    let display = '';
    for (let n = 150 + (process.pid % 100) * 5; !display; n += 1) {
      const xvfb = spawn(XVFB, [`:${n}`, '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], {
        stdio: 'ignore',
      });
      const exited = new Promise<boolean>((r) => xvfb.once('exit', () => r(false)));
      const alive = await Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(true), 400))]);
      if (alive) {
        children.push(xvfb);
        display = `:${n}`;
      }
    }
    const port = await freePort();
    const env = { ...process.env, DISPLAY: display, LANG: lang };
    const driver = spawn(DRIVER, [`--port=${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(driver);
    const output = new OutputTail(driver, 'WebKitWebDriver');
    const base = `http://127.0.0.1:${port}`;
    await waitUntil('WebKitWebDriver', async () => (await fetch(`${base}/status`)).ok, 15_000);
    const args = ['--automation', '--enable-mock-capture-devices=true'];
    if (profile === 'safari') args.push(`--features=${SAFARI_FEATURES.join(',')}`);
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args } },
        },
      }),
    });
    const created = (await response.json()) as {
      value: { sessionId: string; capabilities: { browserVersion: string } } & Partial<WebDriverError>;
    };
    if (!created.value.sessionId) throw new Error(`WebKitWebDriver: ${created.value.message}`);
    const session = new WebDriverSession(base, created.value.sessionId, output);
    await session.call('POST', '/timeouts', { script: 300_000, pageLoad: 120_000 });
    return new WebKitPage(session, created.value.capabilities.browserVersion, children, stopAll, output);
  } catch (error) {
    stopAll();
    throw error;
  }
}

class WebKitPage implements EnginePage {
  readonly engine = 'webkit' as const;

  constructor(
    private readonly session: WebDriverSession,
    readonly version: string,
    private readonly children: ChildProcess[],
    private readonly stopAll: () => void,
    private readonly output: OutputTail,
  ) {}

  engineLog(): string {
    return this.output.text();
  }

  async goto(url: string): Promise<void> {
    await this.session.call('POST', '/url', { url });
  }

  async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then(
        (value) => done({ value: value === undefined ? null : value }),
        (error) => done({ error: String(error && error.stack ? error + '\\n' + error.stack : error) }));`;
    const result = await this.session.call<{ value?: R; error?: string }>('POST', '/execute/async', {
      script,
      args: [arg ?? null],
    });
    if (result.error !== undefined) throw new Error(`In WebKit: ${result.error}`);
    return result.value as R;
  }

  async setViewport(width: number, height: number): Promise<void> {
    // The window rect includes MiniBrowser's frame: set it, measure the viewport, correct once.
    await this.session.call('POST', '/window/rect', { width, height });
    const inner = await this.evaluate(() => [innerWidth, innerHeight]);
    await this.session.call('POST', '/window/rect', {
      width: width + (width - inner[0]!),
      height: height + (height - inner[1]!),
    });
  }

  async screenshot(path: string): Promise<void> {
    const element = await this.session.call<Record<string, string>>('POST', '/element', {
      using: 'css selector',
      value: 'html',
    });
    const id = Object.values(element)[0]!;
    const png = await this.session.call<string>('GET', `/element/${id}/screenshot`);
    writeFileSync(path, Buffer.from(png, 'base64'));
  }

  processIds(): number[] {
    return this.children.map((child) => child.pid ?? 0).filter(Boolean);
  }

  async close(): Promise<void> {
    await this.session.call('DELETE', '').catch(() => undefined);
    this.stopAll();
  }
}

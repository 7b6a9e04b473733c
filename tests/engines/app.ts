/**
 * What the cross-engine journeys do with the app, as a person would, through EnginePage:
 * click, type, pick a file, wait for what the page shows. Every wait ends: done or a clear
 * failure naming what it waited for.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EngineClosedError, type EnginePage } from './engine-page';

export interface WaitOptions {
  timeout?: number;
  message?: string;
}

/** Polls `fn(arg)` in the page until it returns a truthy value, which it returns. */
export async function waitFor<R, A = undefined>(
  page: EnginePage,
  fn: (arg: A) => R | Promise<R>,
  arg?: A,
  { timeout = 30_000, message = 'a condition' }: WaitOptions = {},
): Promise<NonNullable<R>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last as NonNullable<R>;
    } catch (error) {
      if (error instanceof EngineClosedError) throw error;
      // A navigation in progress throws in some drivers; the next poll tells.
      last = error;
    }
    if (Date.now() > end)
      throw new Error(
        `${page.engine}: waited ${timeout / 1000} s for ${message}; last: ${String(last)}; the page said: ${await pageSays(page)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What the page shows in its alerts and status lines, for a failure message. */
async function pageSays(page: EnginePage): Promise<string> {
  try {
    const said = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[role="alert"], [role="status"]'))
        .map((el) => (el.textContent ?? '').trim())
        .filter(Boolean)
        .join(' | '),
    );
    return said ? JSON.stringify(said.slice(0, 600)) : 'nothing in an alert or status line';
  } catch (error) {
    return `(could not read the page: ${String(error)})`;
  }
}

/** Text of the first element matching `selector` once it exists. */
export function textOf(page: EnginePage, selector: string, options?: WaitOptions): Promise<string> {
  return waitFor(
    page,
    (sel) => {
      const el = document.querySelector(sel);
      return el ? (el.textContent ?? '').trim() || ' ' : null;
    },
    selector,
    { message: selector, ...options },
  ).then((text) => text.trim());
}

/** Clicks the first element matching `selector` (a button, a link, a checkbox). */
export async function click(page: EnginePage, selector: string): Promise<void> {
  await waitFor(
    page,
    (sel) => {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el || (el as HTMLButtonElement).disabled) return false;
      el.click();
      return true;
    },
    selector,
    { message: `${selector} to be clickable` },
  );
}

/** Clicks the button or link whose visible text is `label`. */
export async function clickText(page: EnginePage, label: string, within = 'button, a'): Promise<void> {
  await waitFor(
    page,
    ([label, within]) => {
      const el = Array.from(document.querySelectorAll<HTMLElement>(within)).find(
        (e) => (e.textContent ?? '').trim() === label && !(e as HTMLButtonElement).disabled,
      );
      el?.click();
      return Boolean(el);
    },
    [label, within] as const,
    { message: `"${label}" to be clickable` },
  );
}

/** Types into an input or textarea the way a framework sees it (input events). */
export async function fill(page: EnginePage, selector: string, value: string): Promise<void> {
  await waitFor(
    page,
    ([sel, value]) => {
      const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(sel);
      if (!el) return false;
      const proto =
        el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    [selector, value] as const,
    { message: selector },
  );
}

/** Picks an option of a <select> by value. */
export async function select(page: EnginePage, selector: string, value: string): Promise<void> {
  await waitFor(
    page,
    ([sel, value]) => {
      const el = document.querySelector<HTMLSelectElement>(sel);
      if (!el || !Array.from(el.options).some((o) => o.value === value)) return false;
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    [selector, value] as const,
    { message: `${selector} with option ${value}` },
  );
}

/** Gives a file input a file from disk, as the file picker would. */
export async function setFile(page: EnginePage, selector: string, path: string, type: string): Promise<void> {
  const file = { name: basename(path), type, base64: readFileSync(path).toString('base64') };
  await waitFor(
    page,
    ([sel, file]) => {
      const input = document.querySelector<HTMLInputElement>(sel);
      if (!input) return false;
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
      input.files = transfer.files;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    [selector, file] as const,
    { message: selector },
  );
}

/** Starts recording the page's uncaught errors and unhandled rejections (read with pageErrors). */
export async function recordErrors(page: EnginePage): Promise<void> {
  await page.evaluate(() => {
    const log: string[] = [];
    (window as unknown as { offgridErrors: string[] }).offgridErrors = log;
    addEventListener('error', (event) => log.push(`error: ${event.message}`));
    addEventListener('unhandledrejection', (event) =>
      log.push(`unhandled rejection: ${String(event.reason)}`),
    );
  });
}

export function pageErrors(page: EnginePage): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { offgridErrors?: string[] }).offgridErrors ?? []);
}

/** Resolves once a service worker controls the page. */
export async function waitForServiceWorker(page: EnginePage): Promise<void> {
  await waitFor(page, () => Boolean(navigator.serviceWorker.controller), undefined, {
    timeout: 60_000,
    message: 'the service worker to control the page',
  });
}

/** Follows an in-app link of the nav, as a tap would (client-side route change). */
export async function navigate(page: EnginePage, label: string, heading: string): Promise<void> {
  await clickText(page, label, 'nav a');
  await waitFor(
    page,
    (heading) =>
      Array.from(document.querySelectorAll('h1')).some((h) => (h.textContent ?? '').includes(heading)),
    heading,
    { message: `the "${heading}" heading`, timeout: 60_000 },
  );
}

/**
 * Replaces the camera with a canvas stream of a photo that sways a few pixels (a person in
 * front of a webcam), for engines whose own fake camera shows no face. Call on the page before
 * pressing "Start camera"; getUserMedia then answers with this stream.
 */
export async function cameraFromPhoto(page: EnginePage, path: string): Promise<void> {
  const base64 = readFileSync(path).toString('base64');
  await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const photo = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const ctx = canvas.getContext('2d')!;
    const scale = Math.min(canvas.width / photo.width, canvas.height / photo.height) * 0.9;
    const started = performance.now();
    const draw = () => {
      const t = (performance.now() - started) / 1000;
      ctx.fillStyle = '#556';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      const w = photo.width * scale;
      const h = photo.height * scale;
      ctx.drawImage(photo, (640 - w) / 2 + 4 * Math.sin(2 * Math.PI * 0.3 * t), (480 - h) / 2, w, h);
    };
    draw();
    setInterval(draw, 33);
    const stream = canvas.captureStream(30);
    navigator.mediaDevices.getUserMedia = async () => stream;
  }, base64);
}

/** Opens a photo on the Face page and returns the boxes it shows ([x, y, width, height, score]). */
export async function openPhoto(page: EnginePage, path: string, type = 'image/png'): Promise<number[][]> {
  const before = await page.evaluate(() =>
    Number(document.querySelector('[data-testid="face-count"]')?.getAttribute('data-frame') ?? 0),
  );
  await setFile(page, '[data-testid="image-input"]', path, type);
  const boxes = await waitFor(
    page,
    (before) => {
      const count = document.querySelector('[data-testid="face-count"]');
      const error = document.querySelector('[data-testid="model-error"], [data-testid="photo-error"]');
      if (error) return `error: ${error.textContent}`;
      if (count?.getAttribute('data-state') !== 'done') return null;
      if (Number(count.getAttribute('data-frame')) <= before) return null;
      return count.getAttribute('data-boxes') ?? '[]';
    },
    before,
    { timeout: 120_000, message: `the faces of ${basename(path)}` },
  );
  if (boxes.startsWith('error: ')) throw new Error(boxes);
  return JSON.parse(boxes) as number[][];
}

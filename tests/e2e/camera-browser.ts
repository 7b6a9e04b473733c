/**
 * Browsers of their own for camera and microphone tests: Chromium's fake devices read a file
 * given at launch, and permission and no-device cases need other flags, so each such test
 * launches one.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from './browser';

export interface MediaFlags {
  /** A Y4M file the fake camera plays (in a loop). */
  video?: string;
  /** A WAV file the fake microphone plays. */
  audio?: string;
  /** False: no fake devices, so there is no camera or microphone at all. */
  fakeDevice?: boolean;
  /** False: no automatic "allow", so permission prompts are denied (headless). */
  fakeUi?: boolean;
}

/** A browser of its own, for flags a test needs (a fake-camera file, no camera at all, no permission). */
export async function launch(flags: MediaFlags = {}): Promise<Browser> {
  const { video, audio, fakeDevice = true, fakeUi = true } = flags;
  const args: string[] = CHROMIUM_FLAGS.filter(
    (flag) =>
      (fakeDevice || flag !== '--use-fake-device-for-media-stream') &&
      (fakeUi || flag !== '--use-fake-ui-for-media-stream'),
  );
  if (video) args.push(`--use-file-for-fake-video-capture=${video}`);
  if (audio) args.push(`--use-file-for-fake-audio-capture=${audio}`);
  return chromium.launch({ executablePath: findChromium(), args });
}

/** Runs `body` on a page of a browser of its own (see launch), and closes that browser. */
export async function withOwnBrowser(
  flags: MediaFlags,
  baseURL: string | undefined,
  body: (page: Page) => Promise<void>,
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<void> {
  const browser = await launch(flags);
  try {
    await body(await browser.newPage({ baseURL, viewport }));
  } finally {
    await browser.close();
  }
}

/** Records every MediaStream the page opens, as `window.streams`, so a test can see its tracks end. */
export async function recordStreams(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { streams: MediaStream[] }).streams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  });
  return () =>
    page.evaluate(
      () =>
        (window as unknown as { streams: MediaStream[] }).streams
          .flatMap((s) => s.getTracks())
          .filter((t) => t.readyState === 'live').length,
    );
}
